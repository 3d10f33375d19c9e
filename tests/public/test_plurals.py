"""Counts are followed by the singular or the plural, as English needs."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings

from institutions.models import Kind
from tests.factories import AwardEventFactory, RatingFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def text(response):
    assert response.status_code in (200, 429)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_overview_counts_one_school_one_health_institution_and_one_rating(client):
    RatingFactory(published=True)
    RatingFactory(published=True, institution__kind=Kind.HEALTH)
    english = text(client.get("/", headers=ENGLISH))
    assert " 1 five-star school " in english
    assert " 1 five-star health institution " in english
    assert " 2 published ratings " in english
    chinese = text(client.get("/"))
    assert " 1 五星级学校 " in chinese
    assert " 2 已发布评价结果 " in chinese


def test_the_overview_says_how_many_the_award_event_commended_in_the_singular_too(client):
    RatingFactory(published=True)
    AwardEventFactory(schools_commended=1, health_commended=4)
    english = text(client.get("/", headers=ENGLISH))
    assert "The source counts 1 school and 4 health institutions commended;" in english
    chinese = text(client.get("/"))
    assert "来源文件载明受表彰的有学校 1 所、医疗卫生机构 4 家；" in chinese


@override_settings(AXES_COOLOFF_TIME=timedelta(minutes=1))
def test_the_lockout_page_says_one_minute(client, django_user_model):
    django_user_model.objects.create_user("luruyuan", password="right-password", is_staff=True)
    for _ in range(6):
        response = client.post(
            "/admin/login/",
            {"username": "luruyuan", "password": "wrong"},
            headers=ENGLISH,
        )
    assert response.status_code == 429
    assert "Try again in 1 minute, or ask a reviewer" in text(response)
