"""Files that are hard to read right: each is refused with a message that names
the real cause, or read as meant; never a traceback, never a row lost unsaid."""

import csv
import io

import pytest
from django.core.management import call_command

from ratings import importer
from ratings.models import Rating
from tests.factories import RatingFactory
from tests.ratings.test_import_ratings import rows, run, write

pytestmark = pytest.mark.django_db

S = "义乌市中小学校综合评价"


def problems(text):
    with pytest.raises(importer.ImportFailed) as failed:
        importer.RatingImport(text.encode()).check()
    return [str(p) for p in failed.value.problems]


def test_an_unclosed_quote_in_an_ignored_column_does_not_swallow_the_rows_after_it(schools):
    text = (
        "机构网址名,评价方案,年度,星级,备注\n"
        f'yiwu-liuzhong,{S},2025,4,"见附件\n'
        f"xiuhu-zhongxue,{S},2025,3,\n"
        f"binwang-zhongxue,{S},2025,5,\n"
    )
    assert problems(text) == [
        "第2行：从本行开始的这一行有引号没有结束，文件的其余部分会被读成一个单元格。请检查引号。"
    ]


def test_a_cell_that_spans_rows_is_reported_where_it_starts(schools):
    text = (
        "机构网址名,评价方案,年度,星级,备注\n"
        f'yiwu-liuzhong,{S},2025,4,"见附件\n'
        f"xiuhu-zhongxue,{S},2025,3,\n"
        f'binwang-zhongxue,{S},2025,5,"\n'
    )
    assert problems(text) == [
        "第2行：该行有单元格跨越多行，且含有看似完整的数据行：是否有引号没有关闭？"
    ]


def test_a_note_over_several_lines_is_read_as_one_cell(schools):
    text = f'机构网址名,评价方案,年度,星级,备注\nyiwu-liuzhong,{S},2025,4,"第一行\n第二行"\n'
    assert [p.action for p in importer.RatingImport(text.encode()).check()] == ["new"]


def test_a_row_over_several_lines_is_named_by_its_first(schools):
    text = f'机构网址名,评价方案,年度,星级,备注\nyiwu-liuzhong,{S},2025,9,"见\n附件"\n'
    assert problems(text) == ["第2行 「星级」：9 不在 1–5 之间"]


@pytest.mark.parametrize("value", ["⑤", "²", "２０２⑤"])
def test_digits_int_cannot_read_are_refused_with_a_message(schools, value):
    found = problems(rows(f"yiwu-liuzhong,,{S},{value},{value},"))
    assert found[0].startswith("第2行 「年度」：")
    assert found[1].startswith("第2行 「星级」：")


def test_codes_typed_in_full_width_name_the_institution_they_spell(tmp_path, schools):
    # A Chinese input method left in full-width mode types ３３０７８２ for 330782.
    schools[0].school_code = "1133005678"
    schools[0].save()
    schools[1].credit_code = "12330782470245385T"
    schools[1].save()
    text = (
        "学校标识码,统一社会信用代码,评价方案,年度,星级\n"
        f"１１３３００５６７８,,{S},２０２４,５\n"
        f",１２３３０７８２４７０２４５３８５ｔ,{S},2024,4\n"
    )
    ok, out, err = run(write(tmp_path, text))
    assert ok, err
    assert sorted(Rating.objects.values_list("institution__name", "year", "stars")) == [
        ("义乌市第六中学", 2024, 5),
        ("义乌市绣湖中学", 2024, 4),
    ]


def test_a_negative_star_count_is_out_of_range_not_a_formula(schools):
    assert problems(rows(f"yiwu-liuzhong,,{S},2024,-1,")) == [
        "第2行 「星级」：-1 不是 1 至 5 之间的整数。"
    ]


def test_columns_the_import_does_not_read_are_not_checked(schools):
    text = f"机构网址名,评价方案,年度,星级,联系电话,备注\nyiwu-liuzhong,{S},2024,5,+86 579 8552,-\n"
    assert [p.action for p in importer.RatingImport(text.encode()).check()] == ["new"]


def test_a_column_with_data_but_no_name_is_said_to_be_ignored(tmp_path, schools):
    text = (
        "机构网址名,评价方案,年度,星级,\n"
        f"yiwu-liuzhong,{S},2024,5,高中组\n"
        f"xiuhu-zhongxue,{S},2024,4,\n"
    )
    ok, out, err = run(write(tmp_path, text))
    assert ok, err
    assert "无法识别的列（已忽略）：第 5 列（无列名）" in out
    assert Rating.objects.count() == 2


def test_a_column_with_no_name_and_nothing_in_it_goes_unsaid(tmp_path, schools):
    ok, out, err = run(
        write(tmp_path, f"机构网址名,评价方案,年度,星级,\nyiwu-liuzhong,{S},2024,5,\n")
    )
    assert ok, err
    assert "无法识别" not in out


def test_columns_of_the_export_the_import_does_not_write_are_said_to_be_left_alone(
    tmp_path, schools, scheme
):
    rating = Rating.objects.create(institution=schools[0], scheme=scheme, year=2024, stars=4)
    text = (
        "机构网址名,评价方案,年度,星级,表彰活动,是否发布,备注\n"
        f"yiwu-liuzhong,{S},2024,5,2024年总结表彰大会,是,\n"
    )
    ok, out, err = run(write(tmp_path, text))
    assert ok, err
    assert "以下列不导入，其中的修改不会生效：表彰活动、是否发布" in out
    assert "无法识别的列（已忽略）：备注" in out
    rating.refresh_from_db()
    assert (rating.stars, rating.is_published, rating.award_event) == (5, False, None)


def test_cells_of_a_column_not_imported_are_not_checked(schools):
    # (what a spreadsheet would run as a formula is harmless where it is never read)
    text = f"机构网址名,评价方案,年度,星级,表彰活动\nyiwu-liuzhong,{S},2024,5,=总结表彰\n"
    assert [p.action for p in importer.RatingImport(text.encode()).check()] == ["new"]


def test_a_huge_cell_is_reported_as_too_long_in_the_users_language(schools):
    found = problems(rows(f"yiwu-liuzhong,,{S},2024,5," + "组" * 200_000))
    assert found == ["第2行 「组别」：单元格长度为 200000 个字符，最多允许 500 个。"]


def test_a_group_name_too_long_is_told_the_limit(schools):
    assert problems(rows(f"yiwu-liuzhong,,{S},2024,5," + "组" * 31)) == [
        "第2行 「组别」：组别名称有 31 个字符，最多 30 个。"
    ]


def test_an_address_with_another_institutions_name_is_a_contradiction(schools):
    assert problems(rows(f"yiwu-liuzhong,义乌市绣湖中学,{S},2024,5,")) == [
        "第2行 「机构」：义乌市绣湖中学 不是「机构网址名」所指的义乌市第六中学：该行前后矛盾。"
    ]


def test_an_address_with_the_institutions_short_name_or_alias_agrees(schools):
    plans = importer.RatingImport(
        rows(f"yiwu-liuzhong,义乌六中,{S},2024,5,", f"xiuhu-zhongxue,绣湖中学,{S},2024,4,").encode()
    ).check()
    assert [p.institution.slug for p in plans] == ["yiwu-liuzhong", "xiuhu-zhongxue"]


def test_an_address_with_another_institutions_credit_code_is_a_contradiction(schools):
    other = schools[1]
    other.credit_code = "12330782470245385T"
    other.save()
    text = (
        "机构网址名,统一社会信用代码,评价方案,年度,星级\n"
        f"yiwu-liuzhong,{other.credit_code},{S},2024,5\n"
    )
    assert problems(text) == [
        "第2行 「统一社会信用代码」：12330782470245385T 不是「机构网址名」所指的"
        "义乌市第六中学：该行前后矛盾。"
    ]


def test_title_rows_above_the_header_are_said_and_not_imported(schools):
    # as Excel saves a sheet with a title and who filled it in above its header
    text = "2024年综合评价结果,,,,,\n填报单位：义乌市教育局,,,,填报日期：2024-02-20,\n,,,,,\n"
    assert problems(text + rows(f"yiwu-liuzhong,,{S},2024,9,")) == [
        "第5行 「星级」：9 不在 1–5 之间"  # lines as the file has them
    ]
    job = importer.RatingImport((text + rows(f"yiwu-liuzhong,,{S},2024,5,")).encode())
    assert [(p.line, p.action) for p in job.check()] == [(5, "new")]
    assert job.column_notes() == [
        "表头上方的行未导入：第1行（2024年综合评价结果）、"
        "第2行（填报单位：义乌市教育局 填报日期：2024-02-20）"
    ]


def test_a_row_above_the_header_labelling_a_value_is_not_taken_for_the_header(schools):
    # bureau forms put who and which year above the header: 年度 | 2024 | 填报单位 | …
    text = "2024年综合评价结果,,,,,\n年度,2024,填报单位,义乌市教育局,,\n"
    job = importer.RatingImport((text + rows(f"yiwu-liuzhong,,{S},2024,5,")).encode())
    assert [(p.line, p.action) for p in job.check()] == [(4, "new")]
    assert job.column_notes() == [
        "表头上方的行未导入：第1行（2024年综合评价结果）、第2行（年度 2024 填报单位 义乌市教育局）"
    ]


def test_a_file_with_no_header_near_its_top_says_where_the_header_must_be(schools):
    text = "2024年综合评价结果\n" * 11 + rows(f"yiwu-liuzhong,,{S},2024,5,")
    assert problems(text) == [
        "第1行：前 11 个非空行中没有导入可识别的列名（如“机构”“年度”“星级”）。"
        "表头必须在这几行之中：请删除表头上方的标题行。"
    ]


@pytest.mark.parametrize("separator", ["\t", ";"])
def test_a_file_separated_by_tabs_or_semicolons_is_read_as_such(schools, separator):
    text = rows(f"yiwu-liuzhong,,{S},2024,5,高中组", f"yiwu-liuzhong,,{S},2023,4,初中组, 二部")
    text = text.replace(",", separator).replace(f"初中组{separator} 二部", '"初中组, 二部"')
    plans = importer.RatingImport(text.encode()).check()
    assert [(p.line, p.values["stars"], p.values["group"]) for p in plans] == [
        (2, 5, "高中组"),
        (3, 4, "初中组, 二部"),
    ]


def test_excels_unicode_text_is_read(tmp_path, schools):
    """Excel's "Unicode text (*.txt)": UTF-16 with a byte order mark, tabs between
    the columns."""
    text = rows(f"yiwu-liuzhong,,{S},2024,5,高中组").replace(",", "\t").replace("\n", "\r\n")
    ok, out, err = run(write(tmp_path, text, encoding="utf-16", name="评价结果.txt"))
    assert ok, err
    assert Rating.objects.get().stars == 5


def test_a_comma_file_with_semicolons_in_its_cells_stays_a_comma_file(schools):
    text = rows(f"yiwu-liuzhong,,{S},2024,5,高中组;一部")
    (plan,) = importer.RatingImport(text.encode()).check()
    assert plan.values["group"] == "高中组;一部"


def test_english_headers_in_any_case_are_recognised(schools):
    text = f"INSTITUTION ADDRESS,scheme,YEAR,Stars\nyiwu-liuzhong,{S},2024,5\n"
    assert len(importer.RatingImport(text.encode()).check()) == 1


def test_a_group_starting_with_an_apostrophe_survives_a_round_trip(tmp_path, schools, scheme):
    from django.core.management import call_command

    Rating.objects.create(
        institution=schools[0], scheme=scheme, year=2024, stars=5, group="'A组", is_published=True
    )
    exported = tmp_path / "out.csv"
    with exported.open("w", encoding="utf-8", newline="") as out:
        call_command("export_ratings", stdout=out)
    ok, out, err = run(exported)
    assert ok, err
    assert "修改 0 条，未变 1 条" in out
    assert Rating.objects.get().group == "'A组"


def test_many_unknown_addresses_are_looked_up_in_batches(schools, monkeypatch):
    monkeypatch.setattr(importer, "LOOKUP_BATCH", 2)
    found = problems(rows(*(f"nowhere-{n},,{S},2024,5," for n in range(5))))
    assert len(found) == 5
    assert all("没有网址名为 nowhere-" in p for p in found)


def test_a_directory_given_as_the_file_is_an_error_not_a_traceback(tmp_path, schools):
    ok, _, err = run(tmp_path)
    assert not ok
    assert f"无法读取 {tmp_path}：这是文件夹，不是文件" in err


def test_a_missing_file_is_said_to_be_missing_in_the_users_language(tmp_path, schools):
    ok, _, err = run(tmp_path / "missing.csv")
    assert not ok
    assert f"无法读取 {tmp_path / 'missing.csv'}：文件不存在" in err
    assert "No such file" not in err
    ok, _, err = run(tmp_path / "missing.csv", "--language", "en")
    assert f"Cannot read {tmp_path / 'missing.csv'}: there is no such file" in err


def test_a_file_one_may_not_read_says_so_in_the_users_language(tmp_path, schools, monkeypatch):
    path = write(tmp_path, rows(f"yiwu-liuzhong,,{S},2024,5,"))

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    ok, _, err = run(path)
    assert not ok
    assert f"无法读取 {path}：没有读取该文件的权限" in err


def test_import_ratings_speaks_english_when_asked(tmp_path, schools):
    ok, _, err = run(write(tmp_path, rows(f"yiwu-liuzhong,,{S},2024,9,")), "--language", "en")
    assert not ok
    assert "Line 2, “Stars”: 9 is not between 1 and 5." in err


def test_a_dry_run_names_changed_fields_by_their_columns(tmp_path, schools, scheme):
    Rating.objects.create(institution=schools[0], scheme=scheme, year=2024, stars=4)
    ok, out, _ = run(write(tmp_path, rows(f"yiwu-liuzhong,,{S},2024,5,")), "--dry-run")
    assert ok
    assert "星级：4 → 5" in out


def test_export_ratings_refuses_an_unknown_region_or_year_in_the_chosen_language():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="没有代码为“999999”的地区。"):
        call_command("export_ratings", "--region", "999999")
    with pytest.raises(CommandError, match="No region has the code “999999”."):
        call_command("export_ratings", "--region", "999999", "--language", "en")
    with pytest.raises(CommandError, match="年度应在 1949 到 2100 之间。"):
        call_command("export_ratings", "--year", "0")


@pytest.mark.parametrize("text", [",,,\r\n,,\r\n", '" "\r\n'])
def test_a_file_of_empty_cells_is_an_empty_file(schools, text):
    assert problems(text) == ["文件为空。"]


# All-digit credit codes, as public schools' often are, and a school code with a leading
# zero: what Excel turns into numbers when it opens a CSV file.
CODES = {
    "yiwu-liuzhong": ("123307823000002457", "0133005678"),
    "xiuhu-zhongxue": ("123307823000005458", "1133005679"),
}


def excel_shows(cell):
    """A cell of a CSV file as Excel shows it, and saves it again as CSV: digits as a
    number, a long one in scientific notation, leading zeros dropped."""
    if not cell.isdigit():
        return cell
    return f"{int(cell):.5E}" if len(cell) > 11 else str(int(cell))


def test_an_export_whose_codes_excel_took_for_numbers_imports_back_unchanged(
    tmp_path, schools, scheme
):
    for school in schools:
        school.credit_code, school.school_code = CODES.get(school.slug, ("", ""))
        school.save()
        RatingFactory(institution=school, scheme=scheme, stars=4, published=True)
    out = io.StringIO()
    call_command("export_ratings", stdout=out)
    saved = io.StringIO()
    csv.writer(saved).writerows(
        [excel_shows(cell) for cell in row]
        for row in csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")))
    )
    assert "1.23308E+17,133005678," in saved.getvalue()
    ok, message, err = run(write(tmp_path, saved.getvalue(), encoding="gb18030"))
    assert ok, err
    assert "新增 0 条（为草稿），修改 0 条，未变 3 条" in message


def test_a_code_excel_took_for_a_number_must_be_the_named_institutions(tmp_path, schools):
    schools[0].credit_code, schools[0].school_code = CODES["yiwu-liuzhong"]
    schools[0].save()
    path = write(
        tmp_path,
        "机构网址名,统一社会信用代码,学校标识码,评价方案,年度,星级\n"
        f"yiwu-liuzhong,1.23308E+17,133005678,{S},2024,5\n"
        f"xiuhu-zhongxue,1.23308E+17,,{S},2024,5\n"
        f",1.23308E+17,,{S},2024,5\n",
    )
    ok, _, err = run(path)
    assert not ok
    long_number = "1.23308E+17 是电子表格显示长数字的方式：作为数字输入的代码只保留前 15 位数字。"
    assert "第2行" not in err  # 义乌六中's codes, as Excel shows them
    assert f"第3行 「统一社会信用代码」：{long_number}" in err  # 绣湖中学 has no such code
    assert f"第4行 「统一社会信用代码」：{long_number}" in err  # the only thing naming it
    assert not Rating.objects.exists()
