"""import_ratings: all or nothing, with errors a clerk can act on."""

import io

import pytest
from django.core.management import CommandError, call_command

from ratings import importer
from ratings.models import Rating
from tests.factories import InstitutionFactory, RatingFactory

pytestmark = pytest.mark.django_db

HEADER = "机构网址名,机构,评价方案,年度,星级,组别"


def write(tmp_path, text, encoding="utf-8", name="ratings.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_ratings", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def rows(*lines):
    return "\n".join([HEADER, *lines]) + "\n"


def test_new_ratings_come_in_as_drafts(tmp_path, schools):
    path = write(tmp_path, rows("yiwu-liuzhong,,义乌市中小学校综合评价,2024,5,高中组"))
    ok, out, _ = run(path)
    assert ok, out
    rating = Rating.objects.get()
    assert (rating.stars, rating.group, rating.is_published) == (5, "高中组", False)
    assert rating.history.count() == 1


def test_the_history_names_the_file_and_the_user_given(tmp_path, schools, scheme):
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.create_user("zhang", is_staff=True)
    rating = RatingFactory(institution=schools[0], scheme=scheme, year=2023, stars=3)
    path = write(
        tmp_path,
        rows(
            "yiwu-liuzhong,,义乌市中小学校综合评价,2024,5,高中组",
            "yiwu-liuzhong,,义乌市中小学校综合评价,2023,4,",
        ),
        name="2024年评价结果.csv",
    )
    ok, out, _ = run(path, "--user", "zhang")
    assert ok, out
    records = [r.history.first() for r in Rating.objects.order_by("year")]
    assert records[0].instance.pk == rating.pk and records[0].history_type == "~"
    assert {(r.history_user, r.history_change_reason) for r in records} == {
        (clerk, "导入自 2024年评价结果.csv")
    }


def test_without_a_user_the_history_names_the_file_only(tmp_path, schools):
    path = write(tmp_path, rows("yiwu-liuzhong,,义乌市中小学校综合评价,2024,5,高中组"))
    ok, out, _ = run(path, "--language", "en")
    assert ok, out
    record = Rating.objects.get().history.get()
    assert (record.history_user, record.history_change_reason) == (
        None,
        "Imported from ratings.csv",
    )


@pytest.mark.parametrize("active", [True, False])
def test_a_user_who_is_not_there_is_an_error_and_nothing_is_written(tmp_path, schools, active):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("li", is_active=False)
    path = write(tmp_path, rows("yiwu-liuzhong,,义乌市中小学校综合评价,2024,5,高中组"))
    ok, _, err = run(path, "--user", "li" if not active else "wang")
    assert not ok
    assert f"没有用户名为“{'wang' if active else 'li'}”的在用账号。" in err
    assert not Rating.objects.exists()


def test_institutions_are_matched_by_name_short_name_or_alias(tmp_path, schools):
    path = write(
        tmp_path,
        rows(
            ",义乌市第六中学,义乌市中小学校综合评价,2024,5,",
            ",绣湖中学,义乌市中小学校综合评价,2024,4,",
            ",六中,义乌市中小学校综合评价,2023,3,",
        ),
    )
    ok, out, err = run(path)
    assert ok, err
    assert {(r.institution.slug, r.year, r.stars) for r in Rating.objects.all()} == {
        ("yiwu-liuzhong", 2024, 5),
        ("xiuhu-zhongxue", 2024, 4),
        ("yiwu-liuzhong", 2023, 3),
    }


def test_an_import_changes_stars_but_not_whether_a_rating_is_published(tmp_path, schools, scheme):
    rating = RatingFactory(institution=schools[0], scheme=scheme, stars=4, published=True)
    ok, out, _ = run(write(tmp_path, rows("yiwu-liuzhong,,义乌市中小学校综合评价,2024,5,初中组")))
    assert ok
    rating.refresh_from_db()
    assert rating.stars == 5 and rating.is_published


def test_exporting_and_importing_back_changes_nothing(tmp_path, schools, scheme):
    for school in schools:
        RatingFactory(institution=school, scheme=scheme, published=True)
    out = io.StringIO()
    call_command("export_ratings", stdout=out)
    exported = out.getvalue()
    history = sum(r.history.count() for r in Rating.objects.all())
    # as Excel on a Chinese Windows saves it: GB18030, no BOM, CRLF
    path = write(
        tmp_path,
        exported.lstrip("\ufeff").replace("\r\n", "\n").replace("\n", "\r\n"),
        encoding="gb18030",
    )
    ok, message, err = run(path)
    assert ok, err
    assert "0 new" in message or "0 条新增" in message or "新增 0" in message
    assert sum(r.history.count() for r in Rating.objects.all()) == history


def test_dry_run_writes_nothing(tmp_path, schools):
    ok, _, _ = run(
        write(tmp_path, rows("yiwu-liuzhong,,义乌市中小学校综合评价,2024,5,")), "--dry-run"
    )
    assert ok
    assert not Rating.objects.exists()


def test_the_encoding_can_be_given(tmp_path, schools):
    path = write(tmp_path, rows(",义乌六中,义乌市中小学校综合评价,2024,5,"), encoding="gbk")
    assert run(path, "--encoding", "gbk")[0]
    assert Rating.objects.count() == 1


def test_bad_rows_on_lines_3_and_5_are_named_and_nothing_is_written(tmp_path, schools):
    path = write(
        tmp_path,
        rows(
            "yiwu-liuzhong,,义乌市中小学校综合评价,2024,5,",
            "xiuhu-zhongxue,,义乌市中小学校综合评价,2024,6,",
            "binwang-zhongxue,,义乌市中小学校综合评价,2024,4,",
            "no-such-school,,义乌市中小学校综合评价,2024,4,",
        ),
    )
    ok, _, err = run(path)
    assert not ok
    assert "第3行" in err and "「星级」" in err and "6" in err
    assert "第5行" in err and "no-such-school" in err
    assert not Rating.objects.exists()


def test_errors_are_in_english_for_an_english_user(tmp_path, schools):
    from django.utils import translation

    path = write(tmp_path, rows("xiuhu-zhongxue,,义乌市中小学校综合评价,2024,6,"))
    with translation.override("en"):
        with pytest.raises(importer.ImportFailed) as failed:
            importer.RatingImport(path.read_bytes()).check()
        assert [str(p) for p in failed.value.problems] == [
            "Line 2, “Stars”: 6 is not between 1 and 5."
        ]


S = "义乌市中小学校综合评价"
BAD_FILES = {
    "an empty file": ("", "空"),
    "a header only": (HEADER + "\n", "没有"),
    "a missing required column": (
        f"机构网址名,评价方案,年度\nyiwu-liuzhong,{S},2024\n",
        "星级",
    ),
    "stars 0": (rows(f"yiwu-liuzhong,,{S},2024,0,"), "第2行"),
    "stars 6": (rows(f"yiwu-liuzhong,,{S},2024,6,"), "第2行"),
    "stars 五": (rows(f"yiwu-liuzhong,,{S},2024,五,"), "五"),
    "a year like 20244": (rows(f"yiwu-liuzhong,,{S},20244,5,"), "20244"),
    "an unknown institution": (
        rows(f",义乌市第九十九中学,{S},2024,5,"),
        "义乌市第九十九中学",
    ),
    "an unknown scheme": (rows("yiwu-liuzhong,,不存在的评价,2024,5,"), "不存在的评价"),
    "the same institution twice": (
        rows(
            f"yiwu-liuzhong,,{S},2024,5,",
            f",义乌六中,{S},2024,4,",
        ),
        "第2行",
    ),
    "a 2,000-character cell": (
        rows(f"yiwu-liuzhong,,{S},2024,5," + "组" * 2000),
        "2000",
    ),
    "a formula cell": (rows(f"yiwu-liuzhong,,{S},2024,5,=1+2"), "=1+2"),
    "more cells than the header": (
        rows(f"yiwu-liuzhong,,{S},2024,5,高中组,多余"),
        "第2行",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_gets_a_clear_error_and_writes_nothing(tmp_path, schools, case):
    text, expected = BAD_FILES[case]
    ok, _, err = run(write(tmp_path, text))
    assert not ok
    assert expected in err
    assert not Rating.objects.exists()


def test_undecodable_bytes_get_a_clear_error(tmp_path, schools):
    path = tmp_path / "binary.csv"
    path.write_bytes(HEADER.encode() + b"\n\x80\x81\xff\xfe\x80,2024\n")
    ok, _, err = run(path)
    assert not ok
    assert "UTF-8" in err and "GB18030" in err


def test_an_ambiguous_name_asks_for_the_address(tmp_path, schools, scheme):
    InstitutionFactory(name="义乌市另一所学校", aliases="六中", region=scheme.region)
    ok, _, err = run(write(tmp_path, rows(",六中,义乌市中小学校综合评价,2024,5,")))
    assert not ok
    assert "义乌市第六中学" in err and "义乌市另一所学校" in err
    assert not Rating.objects.exists()


def test_a_file_over_the_size_limit_is_refused(tmp_path, schools, monkeypatch):
    monkeypatch.setattr(importer, "IMPORT_MAX_BYTES", 1000)
    from ratings import importcommand

    monkeypatch.setattr(importcommand, "IMPORT_MAX_BYTES", 1000)
    line = "yiwu-liuzhong,,义乌市中小学校综合评价,2024,5,高中组"
    ok, _, err = run(write(tmp_path, rows(*[line] * 40)))
    assert not ok
    assert "MB" in err
    assert not Rating.objects.exists()


def test_a_file_just_over_the_limit_is_said_to_be_over_it(tmp_path, schools):
    path = tmp_path / "ratings.csv"
    path.write_bytes(b"x" * 10_000_040)
    ok, _, err = run(path)
    assert not ok
    assert "文件大小为 10.1 MB，超过 10 MB 的上限。" in err


def test_the_default_size_limit_is_ten_megabytes():
    assert importer.IMPORT_MAX_BYTES == 10_000_000


def test_headers_bureau_sheets_give_the_columns_are_read_as_theirs(tmp_path, schools, client):
    path = write(
        tmp_path,
        "学校名称,评价项目,年份,评价星级,参评组别\n义乌市第六中学,义乌市中小学校综合评价,2024,5,高中组\n",
    )
    ok, out, err = run(path)
    assert ok, err
    rating = Rating.objects.get()
    assert (rating.institution.slug, rating.year, rating.stars, rating.group) == (
        "yiwu-liuzhong",
        2024,
        5,
        "高中组",
    )
    # the data dictionary says so, in either language
    page = client.get("/data/").content.decode()
    assert '<br>也可用列名：<span lang="zh-Hans">机构名称、单位名称、学校名称、' in page
    english = client.get("/data/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<br>Also read under: <span lang="zh-Hans">机构名称, 单位名称, 学校名称, ' in english


def test_a_failed_import_names_the_columns_it_did_not_recognise(tmp_path, schools):
    path = write(
        tmp_path, "学校名字,评价方案,年度,星级\n义乌市第六中学,义乌市中小学校综合评价,2024,5\n"
    )
    ok, out, err = run(path)
    assert not ok
    assert "缺少标明机构的列" in err
    assert "无法识别的列（已忽略）：学校名字" in err
