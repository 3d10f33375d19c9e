"""Headers, error pages and admin login throttling."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_pages_send_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_admin_sends_the_csp_too(client, superuser):
    client.force_login(superuser)
    assert "script-src 'self'" in client.get("/admin/")["Content-Security-Policy"]


def test_a_missing_page_is_the_sites_own_404_in_the_users_language(client):
    with override_settings(DEBUG=False):
        response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "Traceback" not in html and "urlpatterns" not in html
    english = client.get("/no/such/page/", headers={"accept-language": "en"})
    assert "Page not found" in english.content.decode()


def test_a_server_error_is_the_sites_own_500_without_details(client, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr("ratings.views.latest_award_year", boom)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "secret detail" not in html
    assert "<h1>" in html


LOGIN = "/admin/login/?next=/admin/"


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_admin_login(client, django_user_model):
    django_user_model.objects.create_user("luruyuan", password="right-password", is_staff=True)
    for _ in range(4):
        assert attempt(client, "luruyuan", "wrong").status_code == 200
    locked = attempt(client, "luruyuan", "wrong")
    assert locked.status_code == 429
    # even the right password is refused while locked, with a plain message
    again = attempt(client, "luruyuan", "right-password")
    assert again.status_code == 429
    assert "15" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_that_username_from_that_address(client, django_user_model):
    django_user_model.objects.create_user("luruyuan", password="right-password", is_staff=True)
    for _ in range(5):
        attempt(client, "luruyuan", "wrong")
    response = attempt(client, "luruyuan", "right-password", address="198.51.100.9")
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client, django_user_model):
    django_user_model.objects.create_user("luruyuan", password="right-password", is_staff=True)
    for _ in range(4):
        attempt(client, "luruyuan", "wrong")
    assert attempt(client, "luruyuan", "right-password").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "luruyuan", "wrong").status_code == 200


def attempt_behind_proxy(client, username, password, forwarded_for):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",  # the proxy
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_the_lockout_is_for_the_visitors_address(
    client, django_user_model, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_user("luruyuan", password="right-password", is_staff=True)
    for _ in range(5):
        attempt_behind_proxy(client, "luruyuan", "wrong", "198.51.100.7")
    assert attempt_behind_proxy(client, "luruyuan", "x", "198.51.100.7").status_code == 429
    # the same proxy forwards the real owner from elsewhere: not locked
    assert (
        attempt_behind_proxy(client, "luruyuan", "right-password", "203.0.113.9").status_code == 302
    )


def test_an_address_written_into_the_header_by_the_visitor_does_not_escape_the_lockout(
    client, django_user_model, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_user("luruyuan", password="right-password", is_staff=True)
    for n in range(5):
        # the proxy appends the address it was reached from after the visitor's own
        attempt_behind_proxy(client, "luruyuan", "wrong", f"192.0.2.{n}, 198.51.100.7")
    locked = attempt_behind_proxy(client, "luruyuan", "wrong", "192.0.2.99, 198.51.100.7")
    assert locked.status_code == 429


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.1, 198.51.100.7", "198.51.100.7"),
        (2, "192.0.2.1, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.2"),  # fewer entries than proxies: the connection's
        (1, "", "10.0.0.2"),
    ],
)
def test_the_visitors_address_is_counted_from_the_right(rf, settings, count, forwarded, expected):
    from evalsite.http import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_failed_logins_are_kept_after_a_successful_one(client, django_user_model):
    from axes.models import AccessAttempt, AccessFailureLog

    django_user_model.objects.create_user("luruyuan", password="right-password", is_staff=True)
    for _ in range(3):
        attempt(client, "luruyuan", "wrong")
    assert attempt(client, "luruyuan", "right-password").status_code == 302
    assert not AccessAttempt.objects.exists()  # the count is reset…
    failures = AccessFailureLog.objects.all()
    assert failures.count() == 3  # …the record of the failures is not
    assert {(f.username, f.ip_address) for f in failures} == {("luruyuan", "203.0.113.7")}


def test_a_request_for_a_host_the_site_does_not_serve_is_logged_as_one_line(client, caplog):
    with caplog.at_level("INFO"):
        assert client.get("/data/", HTTP_HOST="scanner.example").status_code == 400
    refused = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert [r.getMessage() for r in refused] == [
        "Invalid HTTP_HOST header: 'scanner.example'. "
        "You may need to add 'scanner.example' to ALLOWED_HOSTS."
    ]
    assert refused[0].levelname == "WARNING"
    assert refused[0].exc_info is None
