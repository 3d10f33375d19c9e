"""The public pages on the demo dataset, as a visitor reads them."""

import pytest

from ratings.models import Scheme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

FIVE_STAR_2024 = [
    "浙江省义乌中学",
    "义乌市国际商贸学校",
    "义乌市第六中学",
    "义乌市第二中学",
    "义乌市绣湖中学",
    "义乌市北苑中学",
    "义乌市宾王中学",
    "义乌市稠州中学",
    "义乌市香山小学",
    "义乌市廿三里第一小学",
    "义乌市后宅街道社区卫生服务中心",
    "义乌市中心医院",
]


def test_awards_redirects_to_the_latest_year(client):
    response = client.get("/awards/")
    assert response.status_code == 302
    assert response["Location"] == "/awards/2024/"


def test_the_2024_awards_list_the_twelve_named_five_star_institutions(client):
    html = client.get("/awards/2024/").content.decode()
    for name in FIVE_STAR_2024:
        assert name in html
    assert "12" in html
    # each awardee's 2024 plan: headline and commitment titles
    assert "争当浙江省现代化示范性学校" in html
    assert "聚焦课程深化" in html


def test_the_2024_awards_say_how_many_the_source_commended(client):
    # 12 are named, but the source counts 30 schools and 4 health institutions:
    # the list's own count must not pass for the number commended.
    html = client.get("/awards/2024/").content.decode()
    assert "来源文件载明受表彰的有学校 30 所、医疗卫生机构 4 家" in html
    assert "总结表彰暨“打造典范、再造辉煌”动员会" in html


def test_awards_are_grouped_by_kind_then_group_with_schools_first(client):
    html = client.get("/awards/2024/").content.decode()
    headings = [f"<h2>{kind}</h2>" for kind in ("学校", "医疗卫生机构")]
    headings[1:1] = [f'<h3 lang="zh-Hans">{group}</h3>' for group in ("高中组", "初中组")]
    # the source names no group for its two primary schools
    headings[3:3] = ["<h3>未注明组别</h3>"]
    headings.append('<h3 lang="zh-Hans">五星级医院</h3>')
    positions = [html.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_kind_health_keeps_only_the_health_institutions(client):
    html = client.get("/awards/2024/?kind=health").content.decode()
    assert "义乌市中心医院" in html
    assert "义乌市后宅街道社区卫生服务中心" in html
    assert "义乌市第六中学" not in html
    assert "浙江省义乌中学" not in html


def test_a_year_with_nothing_published_says_so(client):
    response = client.get("/awards/2019/")
    assert response.status_code == 200
    assert "2019" in response.content.decode()
    assert "浙江省义乌中学" not in response.content.decode()


@pytest.mark.parametrize("url", ["/awards/abc/", "/awards/2024x/", "/institutions/no-such/"])
def test_unknown_years_and_slugs_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "stars=9",
        "stars=五",
        "region=nowhere",
        "kind=robot",
        "page=abc",
        "page=-3",
        "group=" + "组" * 500,
    ],
)
def test_nonsense_award_filters_never_break_the_page(client, query):
    assert client.get(f"/awards/2024/?{query}").status_code in (200, 404)


def test_searching_a_chinese_substring_finds_the_school(client):
    html = client.get("/institutions/", {"q": "六中"}).content.decode()
    assert "义乌市第六中学" in html
    assert "义乌市绣湖中学" not in html


@pytest.mark.parametrize(
    "query",
    ["stars=abc", "region=xx", "kind=1", "category=zzz", "sort=nonsense", "q=" + "六" * 500],
)
def test_nonsense_directory_filters_never_break_the_page(client, query):
    assert client.get(f"/institutions/?{query}").status_code == 200


def test_the_directory_filters_by_kind_and_keeps_the_filter_in_sort_links(client):
    html = client.get("/institutions/", {"kind": "health"}).content.decode()
    assert "义乌市中心医院" in html
    assert "义乌市第六中学" not in html
    assert "kind=health" in html  # sorting keeps the filter


def test_an_institution_page_shows_its_plan_commitments_and_targets(client):
    html = client.get("/institutions/xiuhu-zhongxue/").content.decode()
    assert "义乌市绣湖中学" in html
    assert "争当浙江省现代化示范性学校" in html
    assert "聚焦党建创新" in html
    assert "义乌市级精品课程" in html
    assert "≥ 5" in html
    assert "<svg" in html  # the rating chart, drawn on the server
    assert "开局就要奔跑 起步就要跃进" in html  # the source, cited by its title


def test_a_region_page_shows_its_bureau_plans_with_baselines_and_results(client):
    html = client.get("/regions/330502/").content.decode()
    assert "吴兴区教育局" in html
    assert "89.68" in html and "95.56" in html


def test_a_parent_region_counts_the_institutions_of_its_counties(client):
    html = client.get("/regions/330700/").content.decode()
    assert "义乌市" in html
    assert "12" in html


def test_compare_shows_institutions_side_by_side(client):
    html = client.get("/compare/", {"i": ["yiwu-zhongxue", "xiuhu-zhongxue"]}).content.decode()
    assert "浙江省义乌中学" in html and "义乌市绣湖中学" in html
    assert "促创新 强特色 推动高质量跨越式发展" in html


def test_compare_explains_too_many_or_unknown_institutions(client):
    too_many = client.get("/compare/", {"i": ["a", "b", "c", "d", "e"]})
    assert too_many.status_code == 200
    assert "4" in too_many.content.decode()
    unknown = client.get("/compare/", {"i": ["yiwu-zhongxue", "no-such-school"]})
    assert unknown.status_code == 200
    assert "no-such-school" in unknown.content.decode()


def test_every_rating_links_to_its_scheme_page(client):
    html = client.get("/awards/2024/").content.decode()
    assert "/schemes/" in html
    scheme = Scheme.objects.get(kind="school")
    page = client.get(f"/schemes/{scheme.pk}/").content.decode()
    assert scheme.name in page


@pytest.mark.parametrize(
    "url",
    [
        "/awards/2024/",
        "/institutions/",
        "/institutions/xiuhu-zhongxue/",
        "/regions/330782/",
        "/compare/?i=yiwu-zhongxue&i=xiuhu-zhongxue",
    ],
)
def test_every_page_showing_ratings_links_them_to_their_scheme(client, url):
    school_scheme = Scheme.objects.get(kind="school")
    assert f'href="/schemes/{school_scheme.pk}/"' in client.get(url).content.decode()


def test_the_directory_sorts_by_a_column_and_says_which(client):
    query = {"kind": "school", "sort": "-latest_stars"}
    html = client.get("/institutions/", query).content.decode()
    assert 'aria-sort="descending"' in html
    # the header links sort the other way, keep the filter and start on page one
    assert 'href="?kind=school&amp;sort=latest_stars"' in html
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "★★★★★" in first_row


def test_the_directory_lists_short_names_and_unrated_institutions(client):
    html = client.get("/institutions/", {"q": "绣湖"}).content.decode()
    assert "义乌市绣湖中学（绣湖中学）" in html
    assert 'href="/institutions/xiuhu-zhongxue/"' in html


def test_the_directory_says_when_nothing_matches(client):
    html = client.get("/institutions/", {"q": "没有这个名字"}).content.decode()
    assert "没有符合筛选条件的机构。" in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_region_institution_and_scheme_page_of_the_demo_answers(client, language):
    from institutions.models import Institution, Region

    client.cookies["django_language"] = language
    addresses = [
        *(f"/regions/{code}/" for code in Region.objects.values_list("code", flat=True)),
        *(i.get_absolute_url() for i in Institution.objects.all()),
        *(f"/schemes/{pk}/" for pk in Scheme.objects.values_list("pk", flat=True)),
    ]
    assert len(addresses) > 20
    failed = {address: client.get(address).status_code for address in addresses}
    assert {a: s for a, s in failed.items() if s != 200} == {}


def test_a_source_is_cited_with_the_date_it_was_written_as_well_as_published(client):
    # 义乌市教育局2021年重点工作计划: 成文日期 2021-01-17, 发布时间 2021-11-17
    html = client.get("/regions/330782/").content.decode()
    cited = '义乌市教育局，2021-11-17</span>，<span lang="zh-hans">成文日期 2021-01-17</span>'
    assert cited in html
    assert '<span lang="en">written 2021-01-17</span>' in english(client, "/regions/330782/")
    assert "11330782002609303G/2021-410122" in html


def test_a_source_without_a_publisher_is_cited_as_such(client):
    html = client.get("/regions/411281/").content.decode()
    assert "未注明发布机关" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("stars=9", "星级应为 1 到 5 的整数，不能是“9”。"),
        ("region=999999", "没有代码为“999999”的地区。"),
        ("kind=robot", "“robot”不是机构类型：请用 school（学校）或 health（医疗卫生机构）。"),
    ],
)
def test_a_filter_that_cannot_be_applied_lists_nothing_and_says_why(client, query, message):
    html = client.get(f"/awards/2024/?{query}").content.decode()
    assert message in html
    assert "上方有筛选条件无法使用：请改正后再查看列表。" in html
    assert "义乌市第六中学" not in html
    assert "共 0 家机构" not in html  # no count of a list not shown


def test_the_csv_with_a_filter_that_cannot_be_applied_is_a_400_that_says_why(client):
    response = client.get("/awards/2024.csv?stars=abc&region=999999")
    assert response.status_code == 400
    assert response.content.decode().splitlines() == [
        "地区：没有代码为“999999”的地区。",
        "星级：星级应为 1 到 5 的整数，不能是“abc”。",
    ]


def test_the_directory_with_a_filter_that_cannot_be_applied_lists_nothing(client):
    html = client.get("/institutions/?category=zzz").content.decode()
    assert "“zzz”不是机构类别。" in html
    assert "上方有筛选条件无法使用" in html
    assert "义乌市第六中学" not in html
    assert "共找到 0 家机构" not in html and "没有符合筛选条件的机构" not in html


def english(client, address):
    return client.get(address, headers={"accept-language": "en"}).content.decode()


def test_a_star_level_is_named_in_words_in_the_heading(client):
    assert "<h1>2024年四星级机构</h1>" in client.get("/awards/2024/?stars=4").content.decode()
    assert "<h1>Four-star institutions of 2024</h1>" in english(client, "/awards/2024/?stars=4")


def test_english_star_choices_say_one_star_and_kinds_begin_with_a_capital(client):
    html = english(client, "/awards/2024/")
    assert '<option value="1">1 star</option>' in html
    assert '<option value="2">2 stars</option>' in html
    assert "<h2>Schools</h2>" in html
    assert '<option value="school">School</option>' in html


def test_the_data_page_shows_the_address_of_any_years_csv(client):
    assert "/awards/&lt;year&gt;.csv" in client.get("/data/").content.decode()
    assert "/awards/&lt;year&gt;.csv" in english(client, "/data/")


def test_the_data_page_names_the_csv_column_types_in_chinese(client):
    html = client.get("/data/").content.decode()
    assert "<td>文本</td>" in html
    assert "<td>1–5 的整数</td>" in html
    assert "<td>text</td>" not in html


def test_english_pages_use_english_brackets_and_commas(client):
    html = english(client, "/regions/330782/")
    assert "Institutions by stars (2024)" in html
    assert "（2024）" not in html


def test_a_year_written_with_a_leading_zero_leads_to_the_years_address(client):
    response = client.get("/awards/02024/?kind=school")
    assert response.status_code == 301
    assert response["Location"] == "/awards/2024/?kind=school"


def test_the_homes_share_is_of_all_the_years_ratings(client):
    html = client.get("/").content.decode()
    # the demo's 2024 ratings are all five-star: all of them, and none of the rest
    assert 'value="100" aria-label="5 星：12（100%）"' in html
    assert 'value="0" aria-label="4 星：0（0%）"' in html


def test_an_institutions_region_is_shown_with_the_regions_above_it(client):
    html = client.get("/institutions/yiwu-liuzhong/").content.decode()
    assert (
        '<a href="/regions/330000/">浙江省</a> › <a href="/regions/330700/">金华市</a> › '
        '<a href="/regions/330782/">义乌市</a>'
    ) in html


def test_a_plans_source_is_cited_with_its_index_number(client):
    # The 2021 plan of 义乌市教育局, on its region's page (the only page that shows it).
    cited = "《义乌市教育局2021年重点工作计划》，义乌市教育局，2021-11-17</span>"
    html = client.get("/regions/330782/").content.decode()
    assert '<span lang="zh-hans">（索引号 11330782002609303G/2021-410122）</span>' in html
    assert cited in html
    assert '<span lang="en"> (index number 11330782002609303G/2021-410122)</span>' in (
        english(client, "/regions/330782/")
    )
