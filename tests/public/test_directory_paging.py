"""The directory's pages: a broad search is counted only up to a cap, and no request
can ask for more than a bounded page."""

import re

import pytest

from institutions.tables import CappedCountPaginator, DirectoryPaginator
from tests.factories import InstitutionFactory, RatingFactory, RegionFactory

pytestmark = pytest.mark.django_db


def listed_names(html):
    return re.findall(r'<a lang="zh-Hans" href="/institutions/[^"]+/">([^<（]+)', html)


@pytest.fixture
def five_schools():
    region = RegionFactory()
    # in pinyin order (第二, 第三, 第四, 第五, 第一), the directory's
    names = [f"甲市第{n}中学" for n in "二三四五一"]
    for name in names:
        InstitutionFactory(name=name, region=region)
    InstitutionFactory(name="乙市人民医院", region=region)
    return names


def test_a_search_past_the_cap_says_more_than_and_lists_the_first_in_order(
    client, five_schools, monkeypatch
):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    html = client.get("/institutions/?q=甲市").content.decode()
    assert "符合条件的机构超过 3 家，只列出前 3 家" in html
    assert listed_names(html) == five_schools[:3]


def test_a_search_within_the_cap_gives_the_exact_count(client, five_schools, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 5)
    html = client.get("/institutions/?q=甲市").content.decode()
    assert "共找到 5 家机构。" in html
    assert "超过" not in html
    assert listed_names(html) == five_schools


def test_the_whole_directory_is_counted_exactly(client, five_schools, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    html = client.get("/institutions/").content.decode()
    assert "共找到 6 家机构。" in html


def test_a_page_past_the_capped_pages_shows_the_last_of_them(client, five_schools, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "cap", 4)
    monkeypatch.setattr(DirectoryPaginator, "max_per_page", 2)
    html = client.get("/institutions/?q=甲市&per_page=2&page=9").content.decode()
    assert "第 2 页，共 2 页" in html
    assert listed_names(html) == five_schools[2:4]


def test_per_page_is_bounded(client, five_schools, monkeypatch):
    monkeypatch.setattr(DirectoryPaginator, "max_per_page", 2)
    html = client.get("/institutions/?per_page=5000").content.decode()
    assert len(listed_names(html)) == 2
    assert "第 1 页，共 3 页" in html


@pytest.mark.parametrize("per_page", ["0", "-1", "-100"])
def test_a_page_size_below_one_gives_the_usual_pages(client, five_schools, per_page):
    response = client.get(f"/institutions/?per_page={per_page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(listed_names(html)) == 6
    assert "共找到 6 家机构。" in html


@pytest.mark.parametrize("sort", ["latest_stars", "-latest_stars", "latest_year", "-latest_year"])
def test_paging_through_rows_that_tie_shows_each_once_and_the_unrated_last(client, sort):
    region = RegionFactory()
    rated = [RatingFactory(stars=4, published=True, institution__region=region) for _ in range(7)]
    unrated = [InstitutionFactory(region=region) for _ in range(5)]
    shown = []
    for page in (1, 2, 3, 4):
        html = client.get(f"/institutions/?sort={sort}&per_page=3&page={page}").content.decode()
        shown += listed_names(html)
    assert sorted(shown) == sorted([r.institution.name for r in rated] + [i.name for i in unrated])
    assert set(shown[-5:]) == {i.name for i in unrated}


def test_categories_sort_in_the_order_they_are_listed(client):
    region = RegionFactory()
    # (by their keys' spelling: junior, primary, senior)
    for name, category in [("乙", "senior"), ("甲", "junior"), ("丙", "primary")]:
        InstitutionFactory(name=f"{name}学校", category=category, region=region)
    html = client.get("/institutions/?sort=category").content.decode()
    assert listed_names(html) == ["丙学校", "甲学校", "乙学校"]  # primary, junior, senior


def test_a_searchs_later_page_counts_its_matches_with_its_rows(client, five_schools):
    html = client.get("/institutions/?q=甲市&per_page=2&page=2").content.decode()
    assert "共找到 5 家机构。" in html
    assert "第 2 页，共 3 页" in html
    assert listed_names(html) == five_schools[2:4]


def test_a_search_that_matches_nothing_says_so_on_any_page(client, five_schools):
    for page in ("1", "3"):
        html = client.get(f"/institutions/?q=丁市&page={page}").content.decode()
        assert "共找到 0 家机构。" in html
        assert "没有符合筛选条件的机构。" in html
        assert listed_names(html) == []
