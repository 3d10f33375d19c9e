"""Chinese by default, English on request; <html lang> follows."""

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_in_chinese_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "跳到正文" in html


def test_accept_language_english_gives_english(client):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


def test_the_language_switcher_remembers_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/institutions/"})
    assert response.status_code == 302
    assert response["Location"] == "/institutions/"
    html = client.get("/institutions/").content.decode()
    assert '<html lang="en">' in html
    assert "Directory of institutions" in html


def test_every_page_offers_the_language_switcher(client):
    html = client.get("/institutions/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language"' in html
