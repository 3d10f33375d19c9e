"""Institutions are listed in the order readers of Chinese look names up: by the
pinyin of their names as a dictionary reads them, on every database."""

import importlib
import io

import pytest
from django.apps import apps

from institutions.models import Institution, reading_key_of
from tests.factories import InstitutionFactory, RegionFactory
from tests.test_admin import institution_form

pytestmark = pytest.mark.django_db

# In pinyin order: 长江 is cháng jiāng and 重庆 chóng qìng (a collation for Chinese
# reads 长 as zhǎng and files 长江 after 上海); by code point 上 (U+4E0A) would come
# before 北 (U+5317) and 安 (U+5B89).
PINYIN_ORDER = ["安徽省实验学校", "北京路小学", "长江路幼儿园", "重庆路中学", "上海路医院"]
NAMES = PINYIN_ORDER


@pytest.fixture
def region():
    region = RegionFactory(code="339901", name="读音区")
    for name in reversed(PINYIN_ORDER):  # entered in no particular order
        InstitutionFactory(name=name, region=region)
    return region


def in_page_order(html):
    """The names of PINYIN_ORDER that the page shows, in the order it shows them."""
    return sorted((name for name in PINYIN_ORDER if name in html), key=html.index)


def test_the_directory_lists_names_in_reading_order(client, region):
    assert in_page_order(client.get("/institutions/").content.decode()) == NAMES


def test_the_directory_sorted_by_name_descending_reverses_it(client, region):
    html = client.get("/institutions/", {"sort": "-name"}).content.decode()
    assert in_page_order(html) == NAMES[::-1]


def test_a_search_lists_its_matches_in_reading_order(client, region):
    html = client.get("/institutions/", {"q": "路"}).content.decode()
    assert in_page_order(html[html.index("<tbody>") :]) == [n for n in NAMES if "路" in n]


def test_a_region_page_lists_its_institutions_in_reading_order(client, region):
    assert in_page_order(client.get("/regions/339901/").content.decode()) == NAMES


def test_the_api_lists_institutions_in_reading_order(client, region):
    results = client.get("/api/v1/institutions/").json()["results"]
    assert [r["name"] for r in results] == NAMES


def test_the_admin_sorted_by_name_keeps_reading_order(client, region, superuser):
    client.force_login(superuser)
    changelist = "/admin/institutions/institution/"
    assert in_page_order(client.get(changelist).content.decode()) == NAMES
    assert in_page_order(client.get(changelist, {"o": "1"}).content.decode()) == NAMES
    assert in_page_order(client.get(changelist, {"o": "-1"}).content.decode()) == NAMES[::-1]


def test_the_admins_ratings_and_their_export_are_in_reading_order(client, region, superuser):
    from ratings.models import Rating
    from tests.factories import RatingFactory, SchemeFactory

    scheme = SchemeFactory()
    for institution in region.institutions.all():
        RatingFactory(institution=institution, scheme=scheme, year=2024, stars=5)
    client.force_login(superuser)
    assert in_page_order(client.get("/admin/ratings/rating/").content.decode()) == NAMES
    response = client.post(
        "/admin/ratings/rating/",
        {
            "action": "export_csv",
            "_selected_action": list(Rating.objects.values_list("pk", flat=True)),
        },
    )
    assert in_page_order(b"".join(response.streaming_content).decode("utf-8-sig")) == NAMES


def test_the_admins_ratings_sorted_by_institution_either_way_follow_reading_order(
    client, region, superuser
):
    from tests.factories import RatingFactory, SchemeFactory

    scheme = SchemeFactory()
    for institution in region.institutions.all():
        RatingFactory(institution=institution, scheme=scheme, year=2024, stars=5)
    client.force_login(superuser)
    changelist = "/admin/ratings/rating/"
    assert in_page_order(client.get(changelist, {"o": "1"}).content.decode()) == NAMES
    assert in_page_order(client.get(changelist, {"o": "-1"}).content.decode()) == NAMES[::-1]


def test_a_name_reads_its_characters_in_context_numbers_by_value_and_letters_as_written():
    assert reading_key_of("长沙市第2中学") == "chang2 sha1 shi4 di4 0000000002 zhong1 xue2"
    assert reading_key_of("乐清市音乐学校") == "yue4 qing1 shi4 yin1 yue4 xue2 xiao4"
    # Full-width letters and digits read as their ASCII; punctuation reads as nothing.
    assert reading_key_of("ＡＢＣ国际学校（１０）") == "abc guo2 ji4 xue2 xiao4 0000000010"
    names = ["第10中学", "第2中学", "ABC国际学校", "长兴县实验小学", "长沙市第一中学", "常山县中学"]
    assert sorted(names, key=reading_key_of) == [
        "ABC国际学校",
        "长沙市第一中学",  # cháng shā
        "常山县中学",  # cháng shān
        "长兴县实验小学",  # cháng xīng
        "第2中学",  # dì 2
        "第10中学",
    ]


def listed(client):
    return [r["name"] for r in client.get("/api/v1/institutions/").json()["results"]]


def test_a_renamed_institution_moves_to_its_new_place(client, region, superuser):
    client.force_login(superuser)
    moved = Institution.objects.get(name="上海路医院")
    data = institution_form(
        name="安吉路医院",  # ān jí: after 安徽 (ān huī)
        short_name="",
        kind=moved.kind,
        category=moved.category,
        region=moved.region_id,
        slug=moved.slug,
    )
    response = client.post(f"/admin/institutions/institution/{moved.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert listed(client)[:3] == ["安徽省实验学校", "安吉路医院", "北京路小学"]


def test_names_written_in_bulk_or_by_update_keep_their_reading_order(client, region):
    Institution.objects.filter(name="北京路小学").update(name="重阳路小学")  # chóng yáng
    renamed = Institution.objects.get(name="安徽省实验学校")
    renamed.name = "长安路学校"  # cháng ān
    Institution.objects.bulk_update([renamed], ["name"])
    new = InstitutionFactory.build(name="白沙路学校", region=region, slug="bai-sha")
    Institution.objects.bulk_create([new])
    assert listed(client) == [
        "白沙路学校",
        "长安路学校",
        "长江路幼儿园",
        "重庆路中学",
        "重阳路小学",
        "上海路医院",
    ]


def test_names_saved_before_the_key_get_theirs_when_the_database_is_migrated(region):
    Institution.objects.all().update(reading_key="")  # as the migration finds them
    migration = importlib.import_module("institutions.migrations.0009_reading_key")
    migration.fill_reading_keys(apps, None)
    assert list(Institution.objects.values_list("name", flat=True)) == NAMES


def test_an_import_files_new_and_renamed_institutions_in_reading_order(client, region, tmp_path):
    from django.core.management import call_command

    renamed = Institution.objects.get(name="上海路医院")
    path = tmp_path / "institutions.csv"
    path.write_text(
        "机构,机构网址名,类型,类别,地区代码\n"
        f"长乐路医院,{renamed.slug},{renamed.kind},{renamed.category},339901\n"  # cháng lè
        "阿里路小学,,学校,小学,339901\n",  # ā lǐ
        encoding="utf-8",
    )
    call_command("import_institutions", str(path), stdout=io.StringIO())
    assert listed(client) == [
        "阿里路小学",
        "安徽省实验学校",
        "北京路小学",
        "长江路幼儿园",
        "长乐路医院",
        "重庆路中学",
    ]


def listed_in(client, names):
    """The API's institutions among `names`, in the order it lists them."""
    return [name for name in listed(client) if name in names]


def test_names_read_with_u_umlaut_file_after_u_and_before_uan(client, region):
    # A dictionary files lǚ and nǚ after lu and nu, before luan/luo and nuan/nuo.
    names = ["鲁山县中学", "吕梁市实验中学", "乱石滩小学", "罗湖区小学"]
    names += ["奴儿干小学", "女子职业学校", "暖泉镇中学", "诺邓小学"]
    for name in reversed(names):
        InstitutionFactory(name=name, region=region)
    assert listed_in(client, names) == names


def test_a_place_named_with_chang_after_its_city_or_province_reads_chang(client, region):
    # 宁波市长江路 is 宁波市 + 长江路, not 市长 (shì zhǎng, a mayor): cháng files before
    # 育 (yù) and 镇 (zhèn). So are 湖南省长沙市 and 杭州长河 (州长, a governor).
    names = ["杭州长河高级中学", "杭州育才中学"]
    names += ["湖南省长沙市第一中学", "湖南省岳阳市第一中学", "湖南省株洲市第一中学"]
    names += ["宁波市长江路小学", "宁波市育才小学", "宁波市镇海中学"]
    for name in reversed(names):
        InstitutionFactory(name=name, region=region)
    assert listed_in(client, names) == names


def test_place_names_the_phrase_dictionary_misreads_file_by_their_own_reading(client, region):
    names = ["长沙市第一中学", "长治市第一中学"]  # cháng zhì, not zhǎng
    names += ["平阴县第一中学", "单县第一中学", "邵阳市第一中学"]  # shàn xiàn, not dān
    names += ["台州市第一中学", "台儿庄区第一中学"]  # tāi zhōu, before tái ér
    names += ["张家口市第一中学"]
    for name in reversed(names):
        InstitutionFactory(name=name, region=region)
    assert listed_in(client, names) == names


def test_a_name_copied_with_kangxi_radicals_files_as_the_characters_they_look_like(client, region):
    # Text copied from a PDF often holds the radical ⼀ (U+2F00) for 一 and ⽅ (U+2F45)
    # for 方: it looks the same and should file the same, not after every other name.
    names = ["二中", "⽅正中学", "高新区中学", "⼀中", "张家口市第一中学"]
    for name in reversed(names):
        InstitutionFactory(name=name, region=region)
    assert listed_in(client, names) == names


def test_a_name_rewritten_by_an_upsert_in_bulk_moves_to_its_new_place(client, region):
    moved = Institution.objects.get(name="上海路医院")
    upsert = InstitutionFactory.build(
        name="阿里路医院", slug=moved.slug, region=region, kind=moved.kind, category=moved.category
    )
    Institution.objects.bulk_create(
        [upsert], update_conflicts=True, unique_fields=["slug"], update_fields=["name"]
    )
    assert listed(client)[:2] == ["阿里路医院", "安徽省实验学校"]


def test_institutions_loaded_from_a_dump_without_reading_keys_get_theirs(client, region, tmp_path):
    import json

    from django.core.management import call_command

    fixture = tmp_path / "institutions.json"
    fields = {"kind": "school", "category": "primary", "region": region.pk}
    fields["updated_at"] = "2024-01-01T00:00:00Z"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "institutions.institution",
                    "pk": 9001,
                    "fields": {**fields, "name": "蚌埠路小学", "slug": "bang-bu"},
                },
                {
                    "model": "institutions.institution",
                    "pk": 9002,
                    "fields": {**fields, "name": "长春路小学", "slug": "chang-chun"},
                },
            ]
        ),
        encoding="utf-8",
    )
    call_command("loaddata", str(fixture), stdout=io.StringIO())
    assert listed(client)[:5] == [
        "安徽省实验学校",
        "北京路小学",  # běi
        "蚌埠路小学",  # bèng bù
        "长春路小学",  # cháng chūn
        "长江路幼儿园",
    ]
