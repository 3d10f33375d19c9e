"""Reviewers import ratings through the admin (upload → preview → confirm) and export them."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ratings.models import Rating, Scheme
from tests.admin_import import confirm, shown_plan
from tests.factories import InstitutionFactory, RatingFactory, SchemeFactory

pytestmark = pytest.mark.django_db

HEADER = "institution_slug,scheme,year,stars,group"


@pytest.fixture
def school():
    scheme = SchemeFactory(name="义乌市中小学校综合评价")
    return InstitutionFactory(name="义乌市第六中学", slug="yiwu-liuzhong", region=scheme.region)


def upload(client, text, encoding="utf-8"):
    file = SimpleUploadedFile("ratings.csv", text.encode(encoding), content_type="text/csv")
    return client.post("/admin/ratings/rating/import/", {"file": file, "encoding": ""})


def test_a_reviewer_previews_then_confirms_an_import(client, reviewer_user, school):
    client.force_login(reviewer_user)
    response = upload(client, f"{HEADER}\nyiwu-liuzhong,义乌市中小学校综合评价,2024,5,高中组\n")
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "义乌市第六中学" in html
    assert not Rating.objects.exists()  # nothing written before confirming
    plan = shown_plan(client, response["Location"])
    confirmed = client.post(response["Location"], {"plan": plan})
    assert confirmed.status_code == 302
    rating = Rating.objects.get()
    assert (rating.stars, rating.is_published) == (5, False)
    record = rating.history.first()
    assert (record.history_user, record.history_change_reason) == (
        reviewer_user,
        "导入自 ratings.csv",
    )
    # confirming twice does not import twice
    client.post(response["Location"], {"plan": plan})
    assert Rating.objects.count() == 1


def test_the_preview_shows_changed_fields(client, reviewer_user, school):
    RatingFactory(institution=school, scheme=Scheme.objects.get(), stars=4)
    client.force_login(reviewer_user)
    response = upload(client, f"{HEADER}\nyiwu-liuzhong,义乌市中小学校综合评价,2024,5,初中组\n")
    html = client.get(response["Location"]).content.decode()
    assert "星级 4 → 5" in html
    assert "stars" not in html.split("<tbody>")[1]


def test_the_preview_names_a_new_ratings_values_by_their_columns(client, reviewer_user, school):
    client.force_login(reviewer_user)
    response = upload(client, f"{HEADER}\nyiwu-liuzhong,义乌市中小学校综合评价,2024,5,高中组\n")
    html = client.get(response["Location"]).content.decode()
    assert "星级 5；组别 高中组" in html


def test_the_preview_says_which_columns_are_not_recognised_and_which_not_imported(
    client, reviewer_user, school
):
    client.force_login(reviewer_user)
    response = upload(
        client,
        f"{HEADER},published,备注,\nyiwu-liuzhong,义乌市中小学校综合评价,2024,5,,yes,,见附件\n",
    )
    html = client.get(response["Location"]).content.decode()
    assert "<p>无法识别的列（已忽略）：备注、第 8 列（无列名）</p>" in html
    assert "<p>以下列不导入，其中的修改不会生效：published</p>" in html


def test_an_english_preview_lists_columns_and_changes_with_english_punctuation(
    client, reviewer_user, school
):
    RatingFactory(institution=school, scheme=Scheme.objects.get(), stars=4, group="初中组")
    client.force_login(reviewer_user)
    response = upload(
        client, f"{HEADER},note,remark\nyiwu-liuzhong,义乌市中小学校综合评价,2024,5,高中组,,\n"
    )
    html = client.get(response["Location"], headers={"accept-language": "en"}).content.decode()
    assert "<p>Columns not recognised (ignored): note, remark</p>" in html
    assert "Stars 4 → 5; Group 初中组 → 高中组" in html
    assert "、" not in html and "；" not in html


def test_a_bad_file_shows_every_problem_and_cannot_be_confirmed(client, reviewer_user, school):
    client.force_login(reviewer_user)
    response = upload(client, f"{HEADER}\nyiwu-liuzhong,义乌市中小学校综合评价,2024,9,\n")
    html = client.get(response["Location"]).content.decode()
    assert "9" in html and ("第2行" in html or "Line 2" in html)
    client.post(response["Location"])  # as a forged confirmation would
    assert not Rating.objects.exists()


def test_data_entry_users_cannot_import(client, data_entry_user, school):
    client.force_login(data_entry_user)
    assert client.get("/admin/ratings/rating/import/").status_code == 403
    response = upload(client, f"{HEADER}\nyiwu-liuzhong,义乌市中小学校综合评价,2024,5,\n")
    assert response.status_code == 403
    assert not Rating.objects.exists()


def export(client, url, pks):
    return client.post(url, {"action": "export_csv", "_selected_action": [str(pk) for pk in pks]})


def test_a_reviewer_exports_selected_ratings_as_csv(client, reviewer_user):
    ratings = [RatingFactory(published=True), RatingFactory(), RatingFactory()]
    client.force_login(reviewer_user)
    response = export(client, "/admin/ratings/rating/", [ratings[0].pk, ratings[1].pk])
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ratings-')
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert sorted(r[0] for r in rows[1:]) == sorted(
        [ratings[0].institution.slug, ratings[1].institution.slug]
    )


def test_a_reviewer_exports_the_ratings_of_selected_institutions(client, reviewer_user):
    rating = RatingFactory()
    RatingFactory()
    client.force_login(reviewer_user)
    response = export(client, "/admin/institutions/institution/", [rating.institution.pk])
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [rating.institution.slug]


def test_data_entry_users_cannot_export(client, data_entry_user):
    rating = RatingFactory()
    client.force_login(data_entry_user)
    changelist = client.get("/admin/ratings/rating/").content.decode()
    assert "export_csv" not in changelist
    response = export(client, "/admin/ratings/rating/", [rating.pk])
    assert not hasattr(response, "streaming_content")


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_import_once_without_a_server_error(reviewer_user, school):
    """A double click on "import": both requests arrive before either has finished (on
    SQLite too, which ignores select_for_update)."""
    import threading

    from django.db import connection
    from django.test import Client

    first = Client()
    first.force_login(reviewer_user)
    preview = upload(first, f"{HEADER}\nyiwu-liuzhong,义乌市中小学校综合评价,2024,5,高中组\n")
    address = preview["Location"]
    plan = shown_plan(first, address)
    barrier = threading.Barrier(2)
    statuses = []

    def confirm():
        client = Client(raise_request_exception=False)
        client.force_login(reviewer_user)
        barrier.wait()
        statuses.append(client.post(address, {"plan": plan}).status_code)
        connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 302]  # the second finds it imported already
    assert Rating.objects.count() == 1


def test_a_change_saved_between_preview_and_confirm_is_shown_before_anything_is_written(
    client, reviewer_user, school
):
    """The preview said "new, 4 stars"; a colleague then saved that rating with 5 stars
    and published it. Confirming must not turn it into 4 stars unseen."""
    client.force_login(reviewer_user)
    response = upload(client, f"{HEADER}\nyiwu-liuzhong,义乌市中小学校综合评价,2024,4,\n")
    address = response["Location"]
    plan = shown_plan(client, address)
    RatingFactory(institution=school, scheme=Scheme.objects.get(), year=2024, stars=5)
    page = client.post(address, {"plan": plan})
    assert page.status_code == 200
    html = page.content.decode()
    assert "文件检查之后，它要修改的数据已在别处被修改" in html
    assert "星级 5 → 4" in html  # the change as it is now, to confirm again
    assert Rating.objects.get().stars == 5
    confirm(client, address)
    assert Rating.objects.get().stars == 4


def test_a_rating_saved_meanwhile_that_clashes_is_a_message_and_writes_nothing(
    client, reviewer_user, school, monkeypatch
):
    from django.db import IntegrityError

    from evalsite import history  # where the imports' bulk writes are

    def clash(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    client.force_login(reviewer_user)
    response = upload(client, f"{HEADER}\nyiwu-liuzhong,义乌市中小学校综合评价,2024,4,\n")
    plan = shown_plan(client, response["Location"])
    monkeypatch.setattr(history, "bulk_create_with_history", clash)
    page = client.post(response["Location"], {"plan": plan})
    assert page.status_code == 200
    assert "另一处保存了本文件要新增或修改的评价结果，未写入任何数据" in page.content.decode()
    assert not Rating.objects.exists()


def test_a_correction_saved_between_preview_and_confirm_is_not_overwritten_unseen(
    client, reviewer_user, school
):
    """The preview said 5 → 4; a colleague then corrected the rating to 3."""
    rating = RatingFactory(institution=school, scheme=Scheme.objects.get(), year=2024, stars=5)
    client.force_login(reviewer_user)
    response = upload(client, f"{HEADER}\nyiwu-liuzhong,义乌市中小学校综合评价,2024,4,\n")
    plan = shown_plan(client, response["Location"])
    Rating.objects.filter(pk=rating.pk).update(stars=3)
    html = client.post(response["Location"], {"plan": plan}).content.decode()
    assert "星级 3 → 4" in html
    assert Rating.objects.get().stars == 3
