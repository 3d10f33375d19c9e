"""The compare page finds institutions by name as well as by address, and its own
address is always by the institutions' addresses."""

import re

import pytest

from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    return {
        "xiuhu": InstitutionFactory(name="义乌市绣湖中学", short_name="绣湖中学", slug="xiuhu"),
        "liuzhong": InstitutionFactory(name="义乌市第六中学", slug="liuzhong"),
        "qizhong": InstitutionFactory(name="义乌市第七中学", slug="qizhong"),
    }


def form_values(html):
    return re.findall(r'<input id="i\d" name="i" value="([^"]*)"', html)


def column_names(html):
    head = html.split('<table class="compare">')[1].split("</thead>")[0]
    return re.findall(r'<a lang="zh-Hans" href="/institutions/[^"]+/">([^<]+)</a>', head)


@pytest.mark.parametrize(
    "entries",
    [
        ["义乌市绣湖中学", "义乌市第六中学"],  # official names
        ["绣湖中学", "liuzhong"],  # a short name, an address
        ["绣湖", "第六"],  # parts that fit one institution each
    ],
)
def test_institutions_named_go_to_the_comparison_by_their_addresses(client, schools, entries):
    response = client.get("/compare/", {"i": entries})
    assert response.status_code == 302
    assert response["Location"] == "/compare/?i=xiuhu&i=liuzhong"
    html = client.get(response["Location"]).content.decode()
    assert column_names(html) == ["义乌市绣湖中学", "义乌市第六中学"]
    assert form_values(html) == ["义乌市绣湖中学", "义乌市第六中学", "", ""]


def test_a_part_of_a_name_that_fits_several_says_so_and_names_them(client, schools):
    response = client.get("/compare/", {"i": ["绣湖", "义乌市第"]})
    assert response.status_code == 200
    html = response.content.decode()
    # in reading order: 六 (liù) before 七 (qī); 七 (U+4E03) comes first by code point
    names = "义乌市第六中学、义乌市第七中学"
    assert f"“义乌市第”对应多家机构，如 {names}，请输入更完整的名称。" in html
    # what was found is named; what was not stays as typed, to be corrected
    assert form_values(html) == ["义乌市绣湖中学", "义乌市第", "", ""]


def test_a_name_no_institution_has_says_so(client, schools):
    html = client.get("/compare/", {"i": ["liuzhong", "没有这所学校"]}).content.decode()
    assert "未找到名称或网址名为 没有这所学校 的机构。" in html
    assert form_values(html) == ["义乌市第六中学", "没有这所学校", "", ""]


def test_one_institution_named_twice_is_compared_once_and_the_page_says_so(client, schools):
    response = client.get("/compare/", {"i": ["xiuhu", "义乌市绣湖中学", "liuzhong"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "“xiuhu”、“义乌市绣湖中学”是同一家机构：义乌市绣湖中学。" in html
    assert column_names(html) == ["义乌市绣湖中学", "义乌市第六中学"]
    assert form_values(html) == ["义乌市绣湖中学", "义乌市第六中学", "", ""]


def test_the_limit_counts_institutions_not_the_names_given_them(client, schools):
    more = [InstitutionFactory(name=f"义乌市第{n}小学", slug=f"xiaoxue-{n}") for n in "一二"]
    entries = ["xiuhu", "绣湖中学", "liuzhong", "qizhong", more[0].slug]
    html = client.get("/compare/", {"i": entries}).content.decode()
    assert "最多" not in html
    assert column_names(html) == [
        "义乌市绣湖中学",
        "义乌市第六中学",
        "义乌市第七中学",
        "义乌市第一小学",
    ]
    entries.append(more[1].slug)
    html = client.get("/compare/", {"i": entries}).content.decode()
    assert "每次最多可比较 4 家机构，您选择了 5 家。" in html
    assert len(column_names(html)) == 4


def test_addresses_are_compared_where_they_are(client, schools):
    response = client.get("/compare/", {"i": ["qizhong", "xiuhu"]})
    assert response.status_code == 200
    assert column_names(response.content.decode()) == ["义乌市第七中学", "义乌市绣湖中学"]


def test_in_english_the_messages_are_english(client, schools):
    client.cookies["django_language"] = "en"
    html = client.get("/compare/", {"i": ["义乌市第", "没有这所学校"]}).content.decode()
    assert "“义乌市第” fits several institutions, such as" in html
    assert "No institution has the name or address 没有这所学校." in html
    html = client.get("/compare/", {"i": ["无此校", "没有这所学校"]}).content.decode()
    assert "No institution has the name or address 无此校, 没有这所学校." in html
