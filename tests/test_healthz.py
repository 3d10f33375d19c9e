import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("evalsite.views.connection.cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database" in response.content


@pytest.mark.django_db
def test_healthz_answers_a_probe_to_the_servers_own_address(client, settings):
    settings.ALLOWED_HOSTS = ["pingjia.example.gov.cn"]
    settings.SECURE_SSL_REDIRECT = True
    probe = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert probe.status_code == 200
    assert probe.content == b"ok\n"
    # any other page still refuses a host it does not serve
    assert client.get("/data/", HTTP_HOST="10.0.0.5:8000").status_code == 400


def test_a_head_answer_has_the_gets_headers_and_no_body(rf):
    from django.http import HttpResponse

    from evalsite.middleware import HealthAndHead

    response = HealthAndHead(lambda request: HttpResponse("hello"))(rf.head("/data/"))
    assert response.content == b""
    assert response["Content-Length"] == "5"
    got = HealthAndHead(lambda request: HttpResponse("hello"))(rf.get("/data/"))
    assert got.content == b"hello"


@pytest.mark.django_db
def test_healthz_logs_why_the_database_did_not_answer(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError('password authentication failed for user "evalsite"')

    monkeypatch.setattr("evalsite.views.connection.cursor", broken)
    assert client.get("/healthz").status_code == 503
    assert (
        "health check: the database did not answer: "
        'password authentication failed for user "evalsite"' in caplog.messages
    )
