"""The admin's history pages say each change as the forms would: choices by their
labels, yes or no, figures as the source wrote them (as the forms show them too),
"—" for nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from institutions.models import Category
from tests.factories import AuthorityFactory, InstitutionFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_in(client, superuser):
    def admin_in(language):
        client.force_login(superuser)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return admin_in


def history(client, obj):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_an_institutions_changes_are_said_in_chinese(admin_in):
    school = InstitutionFactory(category=Category.JUNIOR)
    school.category = Category.SENIOR
    school.is_active = False
    school.save()

    page = history(admin_in("zh-hans"), school)
    assert "<strong>类别:</strong> 初级中学 &nbsp;&rarr;&nbsp;&nbsp;高级中学" in page
    assert "<strong>在办:</strong> 是 &nbsp;&rarr;&nbsp;&nbsp;否" in page
    assert "junior" not in page and "False" not in page


def test_figures_dates_and_nothing_are_said_as_people_write_them(admin_in):
    target = TargetFactory(target_value=Decimal("2.67"), actual=None)
    target.actual = Decimal("16300")
    target.actual_date = datetime.date(2024, 12, 31)
    target.save()

    page = history(admin_in("en"), target)
    assert "<strong>Target:</strong>" not in page  # unchanged, not listed
    assert "<strong>Actual:</strong> — &nbsp;&rarr;&nbsp;&nbsp;16300" in page
    assert "<strong>Actual as of:</strong> — &nbsp;&rarr;&nbsp;&nbsp;Dec. 31, 2024" in page
    assert "None &nbsp;&rarr;" not in page and "16300.0000" not in page


def test_a_key_set_and_cleared_is_said_as_nothing_not_a_deleted_object(admin_in):
    school = InstitutionFactory()
    school.authority = AuthorityFactory(name="义乌市教育局")
    school.save()
    school.authority = None
    school.save()

    page = history(admin_in("zh-hans"), school)
    assert "— &nbsp;&rarr;&nbsp;&nbsp;义乌市教育局" in page
    assert "义乌市教育局 &nbsp;&rarr;&nbsp;&nbsp;—" in page
    assert "pk=None" not in page
    assert "None" not in page  # no reason given is —, not None


def test_a_targets_form_shows_its_figures_as_the_source_wrote_them(admin_in):
    target = TargetFactory(target_value=Decimal("2.67"), actual=Decimal("16300"))
    client = admin_in("zh-hans")
    for url in (
        reverse("admin:plans_target_change", args=[target.pk]),
        reverse("admin:plans_plan_change", args=[target.plan_id]),
    ):
        page = client.get(url).content.decode()
        assert 'value="2.67"' in page and 'value="16300"' in page, url
        assert "2.6700" not in page and "16300.0000" not in page, url


def test_a_past_versions_breadcrumbs_name_the_section_and_the_model(admin_in):
    school = InstitutionFactory()
    school.name = "改名后的学校"
    school.save()
    version = school.history.last()
    url = reverse("admin:institutions_institution_simple_history", args=[school.pk, version.pk])
    page = " ".join(admin_in("zh-hans").get(url).content.decode().split())
    crumbs = page.split('<div class="breadcrumbs">')[1].split("</div>")[0]
    assert "机构与地区</a>" in crumbs and "机构</a>" in crumbs
    assert "Institutions" not in crumbs and "historical" not in crumbs.lower()


def version_page(obj):
    version = obj.history.earliest()
    return reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )


@pytest.mark.parametrize("who", ["data_entry_user", "reviewer_user"])
def test_a_past_version_is_shown_but_a_form_posted_to_it_changes_nothing(client, request, who):
    from ratings.models import Rating
    from tests.factories import RatingFactory

    rating = RatingFactory(stars=5, is_published=True)
    client.force_login(request.getfixturevalue(who))
    address = version_page(rating)
    assert client.get(address).status_code == 200
    form = {
        "institution": rating.institution_id,
        "scheme": rating.scheme_id,
        "year": rating.year,
        "stars": 1,
        "group": "",
        "note": "changed through a history page",
    }
    assert client.post(address, form).status_code == 403
    rating = Rating.objects.get()
    assert (rating.stars, rating.is_published, rating.note) == (5, True, "")
    assert rating.history.count() == 1


def test_a_history_address_that_names_no_key_is_not_found(client, superuser):
    from tests.factories import RatingFactory

    rating = RatingFactory()
    client.force_login(superuser)
    assert client.get("/admin/ratings/rating/abc/history/").status_code == 404
    assert client.get(f"/admin/ratings/rating/{rating.pk}/history/abc/").status_code == 404
    big = 10**30
    assert client.get(f"/admin/ratings/rating/{rating.pk}/history/{big}/").status_code == 404


def test_deleting_a_source_is_kept_in_the_history_of_what_cited_it(admin_in, superuser):
    from ratings.models import Rating
    from tests.factories import RatingFactory, SourceFactory

    source = SourceFactory()
    rating = RatingFactory(source=source)
    client = admin_in("zh-hans")
    page = client.post(
        reverse("admin:institutions_source_delete", args=[source.pk]), {"post": "yes"}
    )
    assert page.status_code == 302
    rating = Rating.objects.get()
    assert rating.source is None
    latest = rating.history.first()
    assert (latest.history_type, latest.source_id, latest.history_user) == ("~", None, superuser)
    page = history(client, rating)
    assert f"已删除的来源文件（编号 {source.pk}） &nbsp;&rarr;&nbsp;&nbsp;—" in page


def test_deleting_a_commitment_is_kept_in_the_history_of_its_targets(admin_in):
    from tests.factories import CommitmentFactory

    commitment = CommitmentFactory()
    target = TargetFactory(plan=commitment.plan, commitment=commitment)
    commitment.delete()
    latest = target.history.first()
    assert (latest.history_type, latest.commitment_id) == ("~", None)


def test_deleting_a_plan_records_its_targets_deleted_not_changed_first(admin_in):
    from tests.factories import CommitmentFactory

    commitment = CommitmentFactory()
    target = TargetFactory(plan=commitment.plan, commitment=commitment)
    commitment.plan.delete()
    assert [h.history_type for h in target.history.all()] == ["-", "+"]


def test_deleting_a_user_who_published_ratings_is_recorded_in_bulk(reviewer_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ratings.models import Rating
    from tests.factories import RatingFactory

    for year in range(2000, 2030):
        RatingFactory(year=year).publish(reviewer_user)
    with CaptureQueriesContext(connection) as queries:
        reviewer_user.delete()
    assert not Rating.objects.filter(published_by__isnull=False).exists()
    assert all(r.history.first().published_by_id is None for r in Rating.objects.all())
    assert len(queries) < 30  # not a save per rating


def test_plans_deleted_as_a_list_record_their_targets_deleted_not_changed_first():
    from plans.models import Plan
    from tests.factories import CommitmentFactory

    commitment = CommitmentFactory()
    target = TargetFactory(plan=commitment.plan, commitment=commitment)
    Plan.objects.all().delete()  # as the list's "delete selected" action does
    assert [h.history_type for h in target.history.all()] == ["-", "+"]


def test_models_whose_deletion_empties_no_recorded_key_keep_djangos_fast_delete():
    from django.contrib.sessions.models import Session
    from django.db.models.deletion import Collector

    assert Collector(using="default").can_fast_delete(Session.objects.all())


def test_deleting_a_cited_source_says_first_what_will_no_longer_cite_it(admin_in):
    from tests.factories import RatingFactory, SourceFactory

    source = SourceFactory()
    RatingFactory.create_batch(2, source=source)
    client = admin_in("zh-hans")
    page = client.get(reverse("admin:institutions_source_delete", args=[source.pk]))
    html = " ".join(page.content.decode().split())
    assert "2 条评价结果将不再有来源（其历史记录会写明）。" in html
    selected = client.post(
        reverse("admin:institutions_source_changelist"),
        {"action": "delete_selected", "_selected_action": [source.pk]},
    )
    assert "2 条评价结果将不再有来源" in selected.content.decode()


def test_deleting_an_uncited_source_says_nothing_more(admin_in):
    from tests.factories import SourceFactory

    source = SourceFactory()
    page = admin_in("zh-hans").get(reverse("admin:institutions_source_delete", args=[source.pk]))
    assert "不再关联它" not in page.content.decode()
