"""English pages bracket dates and short names and set off figures as English does,
even next to Chinese names; Chinese pages keep full-width punctuation."""

import datetime

import pytest

from tests.factories import AwardEventFactory, CommitmentFactory, PlanFactory, RatingFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def rating():
    event = AwardEventFactory(name="总结表彰大会", date=datetime.date(2024, 2, 20))
    event.region.name = "义乌市"
    event.region.save()
    return RatingFactory(
        published=True,
        award_event=event,
        institution__name="义乌市绣湖中学",
        institution__short_name="绣湖中学",
    )


def test_the_latest_award_events_date_and_place_are_in_english_brackets(client, rating):
    english = page(client, "/", **ENGLISH)
    assert '总结表彰大会</strong> (2024-02-20, <span lang="zh-Hans">义乌市</span>)</p>' in english
    assert "（2024-02-20" not in english
    assert '总结表彰大会</strong>（2024-02-20，<span lang="zh-Hans">义乌市</span>）</p>' in page(
        client, "/"
    )


def test_a_ratings_award_event_date_is_in_english_brackets(client, rating):
    url = rating.institution.get_absolute_url()
    english = page(client, url, **ENGLISH)
    assert '<span lang="zh-Hans">总结表彰大会</span> (2024-02-20)</td>' in english
    assert "（2024-02-20）" not in english
    assert '<span lang="zh-Hans">总结表彰大会</span>（2024-02-20）</td>' in page(client, url)


def test_the_directory_brackets_short_names_as_the_page_does(client, rating):
    english = page(client, "/institutions/", **ENGLISH)
    assert "义乌市绣湖中学 (绣湖中学)</a>" in english
    assert "（绣湖中学）" not in english
    assert "义乌市绣湖中学（绣湖中学）</a>" in page(client, "/institutions/")


def test_a_commitments_progress_date_is_in_english_brackets(client, rating):
    plan = PlanFactory(published=True, institution=rating.institution)
    CommitmentFactory(
        plan=plan,
        status="in_progress",
        progress=40,
        progress_note="已完成主体结构",
        progress_date=datetime.date(2024, 6, 30),
    )
    url = rating.institution.get_absolute_url()
    english = page(client, url, **ENGLISH)
    assert '<span lang="zh-Hans">已完成主体结构</span> (2024-06-30)</p>' in english
    assert "（2024-06-30）" not in english
    assert '<span lang="zh-Hans">已完成主体结构</span>（2024-06-30）</p>' in page(client, url)


def test_compare_sets_off_each_commitments_progress_with_the_pages_colon(client, rating):
    other = RatingFactory(published=True)
    plan = PlanFactory(published=True, institution=rating.institution)
    CommitmentFactory(plan=plan, title="实施党建领航工程", status="in_progress", progress=40)
    url = f"/compare/?i={rating.institution.slug}&i={other.institution.slug}"
    english = page(client, url, **ENGLISH)
    assert "实施党建领航工程: 40%</li>" in english
    assert "：40%" not in english
    assert "实施党建领航工程：40%</li>" in page(client, url)
