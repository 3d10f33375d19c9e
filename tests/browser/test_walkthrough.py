"""A visitor's way through the site in a real browser: awards, an institution, compare.

These tests go by data (the Chinese names of institutions), addresses and the page's
language attribute, not by interface words, so that changing a translation breaks none.
"""

import re

import pytest
from playwright.sync_api import expect

from institutions.models import Institution

pytestmark = pytest.mark.browser

HEALTH_SLUGS = ["yiwu-zhongxin-yiyuan", "houzhai-jiedao-shequ-weisheng-fuwu-zhongxin"]


def names(*slugs):
    return [Institution.objects.get(slug=slug).name for slug in slugs]


def test_a_visitor_goes_from_the_awards_to_an_institution_and_compares_it(page, site):
    page.goto(site("/awards/2024/"))
    page.locator(".awardee h4 a", has_text="义乌市第六中学").click()

    expect(page).to_have_url(re.compile(r"/institutions/yiwu-liuzhong/$"))
    expect(page.locator("h1")).to_have_text("义乌市第六中学")

    page.locator("main a[href^='/compare/']").click()
    expect(page).to_have_url(re.compile(r"/compare/\?i=yiwu-liuzhong$"))
    expect(page.locator("#i1")).to_have_value("义乌市第六中学")
    page.locator("#i2").fill("绣湖")  # a part of a name finds the one it fits
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/compare/\?i=yiwu-liuzhong&i=xiuhu-zhongxue"))
    columns = page.locator("table.compare thead th a")
    expect(columns).to_have_text(["义乌市第六中学", "义乌市绣湖中学"])


def test_filtering_the_awards_by_kind_shows_only_health_institutions(page, site):
    page.goto(site("/awards/2024/"))
    expect(page.locator(".awardee")).to_have_count(12)

    page.locator("form.filters select[name=kind]").select_option("health")
    page.locator("form.filters button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"[?&]kind=health"))
    headings = page.locator(".awardee h4")
    expect(headings).to_have_count(2)
    assert sorted(headings.all_inner_texts()) == sorted(names(*HEALTH_SLUGS))


def test_searching_the_directory_for_liuzhong_finds_the_sixth_middle_school(page, site):
    page.goto(site("/institutions/"))
    page.locator("form[role=search] input[name=q]").fill("六中")
    page.locator("form[role=search] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"[?&]q=%E5%85%AD%E4%B8%AD"))
    results = page.locator("table.directory tbody tr")
    expect(results.first).to_contain_text("义乌市第六中学")
    results.locator("a", has_text="义乌市第六中学").click()
    expect(page.locator("h1")).to_have_text("义乌市第六中学")


def test_the_language_switcher_turns_the_site_to_english_and_back(page, site):
    page.goto(site("/institutions/xiuhu-zhongxue/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.locator("#lang-select").select_option("en")
    page.locator("form.lang button[type=submit]").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/institutions/xiuhu-zhongxue/$"))
    expect(page.locator("h1")).to_have_text("义乌市绣湖中学")

    # The choice sticks for the next page.
    page.goto(site("/awards/2024/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator("#lang-select").select_option("zh-hans")
    page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(re.compile(r"/awards/2024/$"))
