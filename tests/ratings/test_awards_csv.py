"""/awards/<year>.csv: the awards page's rows and filters, as a file Excel opens."""

import csv
import io

import pytest

from tests.factories import RatingFactory, RegionFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def ratings():
    county = RegionFactory(code="330782", name="义乌市")
    school = RatingFactory(
        published=True,
        group="高中组",
        institution__name="浙江省义乌中学",
        institution__region=county,
        institution__slug="yiwu-zhongxue",
    )
    hospital = RatingFactory(
        published=True,
        group="五星级医院",
        institution__kind="health",
        institution__name="义乌市中心医院",
        institution__region=county,
    )
    RatingFactory(published=True, stars=4, institution__name="四星学校")
    RatingFactory(institution__name="草稿学校")
    return school, hospital


def test_the_csv_downloads_as_a_file_with_a_bom(client, ratings):
    response = client.get("/awards/2024.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="awards-2024.csv"'
    rows = read_csv(response)
    assert rows[0][1] == "机构"
    names = [row[1] for row in rows[1:]]
    assert sorted(names) == ["义乌市中心医院", "浙江省义乌中学"]


def test_the_csv_holds_readable_values_and_the_keys_to_import_it_back(client, ratings):
    rows = read_csv(client.get("/awards/2024.csv"))
    header, school = rows[0], next(r for r in rows if r[1] == "浙江省义乌中学")
    record = dict(zip(header, school, strict=True))
    assert "yiwu-zhongxue" in school  # the slug
    assert "330782" in school  # the region code
    assert "高中组" in school
    assert "学校" in school  # the kind as people read it, not "school"
    assert "2024" in record.values() and "5" in record.values()


def test_the_csv_follows_the_awards_filters(client, ratings):
    rows = read_csv(client.get("/awards/2024.csv?kind=health"))
    assert [r[1] for r in rows[1:]] == ["义乌市中心医院"]
    rows = read_csv(client.get("/awards/2024.csv?stars=4"))
    assert [r[1] for r in rows[1:]] == ["四星学校"]


def test_the_csv_lists_every_row_not_one_page(client):
    county = RegionFactory()
    for _ in range(120):
        RatingFactory(published=True, institution__region=county)
    rows = read_csv(client.get("/awards/2024.csv"))
    assert len(rows) == 121


def test_headers_follow_the_language(client, ratings):
    rows = read_csv(client.get("/awards/2024.csv", headers={"accept-language": "en"}))
    assert rows[0][0] == "Institution address"
    assert "school" in rows[1] or "health institution" in rows[1]


def test_formula_like_cells_are_neutralised(client):
    RatingFactory(published=True, institution__name='=HYPERLINK("http://x")', group="+组")
    rows = read_csv(client.get("/awards/2024.csv"))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert "'+组" in rows[1]


def test_the_awards_page_links_to_its_csv_with_the_filters(client, ratings):
    html = client.get("/awards/2024/?kind=health").content.decode()
    assert "/awards/2024.csv?kind=health" in html


def test_the_csv_of_an_unknown_year_format_is_404(client):
    assert client.get("/awards/abcd.csv").status_code == 404


def test_drafts_are_not_in_the_csv(client, ratings):
    body = b"".join(client.get("/awards/2024.csv").streaming_content).decode("utf-8-sig")
    assert "草稿学校" not in body


@pytest.mark.django_db(transaction=True)
def test_a_download_under_way_does_not_hold_up_an_edit(monkeypatch):
    """SQLite transactions take the write lock as they begin: a download streamed
    inside one would make every edit (and other downloads) wait for it."""
    import threading
    import time

    from django.db import connection, transaction
    from django.test import Client

    from institutions.models import Source
    from ratings import csvformat

    # Ten rows written out, and read from the database, at a time: the download is
    # paused between two reads.
    monkeypatch.setattr(csvformat, "ROWS_PER_CHUNK", 10)
    monkeypatch.setattr(csvformat, "ROWS_PER_READ", 10)
    RatingFactory.create_batch(30, published=True, stars=5, year=2024)
    response = Client().get("/awards/2024.csv?stars=")
    chunks = iter(response.streaming_content)
    next(chunks)  # the download has sent its first rows and is paused
    took = []

    def edit():
        start = time.monotonic()
        with transaction.atomic():
            Source.objects.create(title="编辑", publisher="义乌市教育局")
        took.append(time.monotonic() - start)
        connection.close()

    thread = threading.Thread(target=edit)
    thread.start()
    thread.join(timeout=30)
    assert took and took[0] < 5
    assert b"".join(chunks)  # the download still ends
