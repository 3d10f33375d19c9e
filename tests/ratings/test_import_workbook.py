"""Importing ratings from an Excel workbook (.xlsx): its first sheet is read as the CSV
would be, each cell as Excel shows it, each row named by its number in the sheet."""

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from ratings import importer, workbook
from ratings.models import Rating
from tests.admin_import import confirm
from tests.factories import RatingFactory
from tests.ratings.test_import_ratings import run

pytestmark = pytest.mark.django_db

HEADER = ["机构网址名", "机构", "评价方案", "年度", "星级", "组别"]
SCHEME = "义乌市中小学校综合评价"


def xlsx(*rows, other_sheets=()):
    """A workbook whose first sheet holds these rows (typed cells, as Excel keeps them)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "评价结果"
    for row in rows:
        sheet.append(list(row))
    for title in other_sheets:
        book.create_sheet(title).append(["something", "else"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_dimension(data, ref):
    """The workbook `data` with its first sheet's <dimension> saying `ref`, as programs
    other than Excel may write it (Excel itself ignores it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as out:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content, count = re.subn(
                    rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), content
                )
                assert count == 1
            out.writestr(item, content)
    return buffer.getvalue()


def write(tmp_path, data, name="ratings.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_workbook_with_numbers_as_numbers_imports(tmp_path, schools):
    data = xlsx(
        HEADER,
        ["yiwu-liuzhong", None, SCHEME, 2024, 5, "高中组"],
        [None, "绣湖中学", SCHEME, 2024.0, 4.0, None],  # Excel's numbers are floats
        [],  # a blank row, skipped
        ["binwang-zhongxue", None, SCHEME, 2023, 3],  # the last cells left empty
        other_sheets=["说明"],
    )
    ok, out, err = run(write(tmp_path, data))
    assert ok, err
    assert {(r.institution.slug, r.year, r.stars, r.group) for r in Rating.objects.all()} == {
        ("yiwu-liuzhong", 2024, 5, "高中组"),
        ("xiuhu-zhongxue", 2024, 4, ""),
        ("binwang-zhongxue", 2023, 3, ""),
    }
    assert not Rating.objects.filter(is_published=True).exists()


@pytest.mark.parametrize("ref", ["A1", "A1:E2"])
def test_rows_beyond_the_size_a_sheet_claims_are_read(tmp_path, schools, ref):
    data = xlsx(
        HEADER,
        ["yiwu-liuzhong", None, SCHEME, 2025, 4, "高中组"],
        ["xiuhu-zhongxue", None, SCHEME, 2025, 3, "初中组"],
        ["binwang-zhongxue", None, SCHEME, 2025, 5, "初中组"],
    )
    ok, out, err = run(write(tmp_path, with_dimension(data, ref)))
    assert ok, err
    assert "新增 3 条" in out
    assert sorted(Rating.objects.values_list("institution__slug", "stars", "group")) == [
        ("binwang-zhongxue", 5, "初中组"),
        ("xiuhu-zhongxue", 3, "初中组"),
        ("yiwu-liuzhong", 4, "高中组"),
    ]


def test_a_bad_row_is_named_by_its_number_in_the_sheet_and_nothing_is_written(tmp_path, schools):
    data = xlsx(
        HEADER,
        ["yiwu-liuzhong", None, SCHEME, 2024, 5],
        ["xiuhu-zhongxue", None, SCHEME, 2024, 6],
        [],
        ["no-such-school", None, SCHEME, 2024, 4],
    )
    ok, _, err = run(write(tmp_path, data))
    assert not ok
    assert "第3行" in err and "「星级」" in err and "6" in err
    assert "第5行" in err and "no-such-school" in err
    assert not Rating.objects.exists()


def test_values_beyond_the_named_columns_are_a_column_with_no_name_said_to_be_ignored(
    tmp_path, schools
):
    # Excel keeps no empty cells at a row's end: a column with no header is shorter.
    data = xlsx(
        HEADER,
        ["yiwu-liuzhong", None, SCHEME, 2024, 5, "高中组", "见附件"],
        ["xiuhu-zhongxue", None, SCHEME, 2024, 4],
    )
    ok, out, err = run(write(tmp_path, data))
    assert ok, err
    assert "无法识别的列（已忽略）：第 7 列（无列名）" in out
    assert Rating.objects.count() == 2


def test_an_export_opened_and_saved_in_excel_imports_back_unchanged(tmp_path, schools, scheme):
    for school in schools:
        RatingFactory(institution=school, scheme=scheme, published=True)
    out = io.StringIO()
    call_command("export_ratings", stdout=out)
    # Excel reads figures as numbers and keeps the rest as text
    rows = [
        [int(cell) if cell.isdigit() else cell for cell in row]
        for row in csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")))
    ]
    history = sum(r.history.count() for r in Rating.objects.all())
    ok, message, err = run(write(tmp_path, xlsx(*rows)))
    assert ok, err
    assert sum(r.history.count() for r in Rating.objects.all()) == history


def ods():
    """The start of a spreadsheet LibreOffice saves (.ods): a ZIP archive too."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return data.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
            "这是 Excel 97–2003 工作簿（.xls），无法导入。",
        ),
        (b"PK\x03\x04" + b"damaged" * 50, "但无法读取"),
        (ods(), "这是 OpenDocument 电子表格（.ods），导入无法读取。请另存为 Excel 工作簿"),
        (xlsx(), "工作簿的第一个工作表“评价结果”是空的：导入只读取第一个工作表。"),
        (xlsx([], [None, None]), "工作簿的第一个工作表“评价结果”是空的"),
    ],
    ids=["xls", "damaged", "ods", "empty", "blank rows only"],
)
def test_a_workbook_that_cannot_be_read_says_why(tmp_path, schools, data, message):
    ok, _, err = run(write(tmp_path, data))
    assert not ok
    assert message in err
    assert not Rating.objects.exists()


def test_a_password_protected_workbook_is_not_taken_for_an_xls_file(tmp_path, schools):
    # Excel encrypts a workbook with a password into a compound file, as an .xls is.
    data = (Path(__file__).parent / "files" / "encrypted.xlsx").read_bytes()
    ok, _, err = run(write(tmp_path, data))
    assert not ok
    assert "此工作簿设有打开密码，无法导入。" in err
    assert "清空密码后保存" in err
    assert "97–2003" not in err
    assert not Rating.objects.exists()


def test_a_workbook_that_unpacks_too_large_is_refused(tmp_path, schools, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 1000)
    ok, _, err = run(write(tmp_path, xlsx(HEADER, ["yiwu-liuzhong", None, SCHEME, 2024, 5])))
    assert not ok
    assert "解压后" in err
    assert not Rating.objects.exists()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_file_with_too_many_rows_is_refused(tmp_path, schools, monkeypatch, kind):
    monkeypatch.setattr(importer.RatingImport, "MAX_ROWS", 2)
    rows = [HEADER, *[["yiwu-liuzhong", "", SCHEME, year, 5] for year in (2021, 2022, 2023)]]
    if kind == "xlsx":
        data = xlsx(*rows)
    else:
        data = "\n".join(",".join(map(str, row)) for row in rows).encode()
    ok, _, err = run(write(tmp_path, data, name=f"ratings.{kind}"))
    assert not ok
    assert "文件超过 2 行，请拆分为几个文件。" in err
    assert not Rating.objects.exists()


def test_blank_rows_do_not_count_towards_the_limit(tmp_path, schools, monkeypatch):
    monkeypatch.setattr(importer.RatingImport, "MAX_ROWS", 2)
    rows = [HEADER, *[[] for _ in range(50)], ["yiwu-liuzhong", None, SCHEME, 2024, 5]]
    ok, _, err = run(write(tmp_path, xlsx(*rows)))
    assert ok, err
    assert Rating.objects.count() == 1


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (5, "5"),
        (5.0, "5"),
        (2.67, "2.67"),
        (True, "TRUE"),
        (datetime.datetime(2024, 2, 20), "2024-02-20"),
        (datetime.datetime(2024, 2, 20, 9, 30), "2024-02-20 09:30:00"),
        (datetime.date(2024, 2, 20), "2024-02-20"),
        ("高中组", "高中组"),
    ],
)
def test_a_cell_reads_as_excel_shows_it(value, text):
    assert workbook.cell_text(value) == text


def test_a_workbook_is_known_by_its_first_bytes_not_its_name(tmp_path, schools):
    data = xlsx(HEADER, ["yiwu-liuzhong", None, SCHEME, 2024, 5])
    assert zipfile.is_zipfile(io.BytesIO(data))
    ok, _, err = run(write(tmp_path, data, name="ratings.csv"))
    assert ok, err
    assert Rating.objects.count() == 1


def test_a_reviewer_imports_a_workbook_in_the_admin(client, reviewer_user, schools):
    client.force_login(reviewer_user)
    data = xlsx(HEADER, ["yiwu-liuzhong", None, SCHEME, 2024, 5, "高中组"])
    file = SimpleUploadedFile(
        "评价结果.xlsx",
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response = client.post("/admin/ratings/rating/import/", {"file": file, "encoding": ""})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "义乌市第六中学" in preview
    confirm(client, response["Location"])
    assert Rating.objects.get().stars == 5


def test_blank_rows_above_the_header_are_skipped_and_rows_keep_their_numbers(tmp_path, schools):
    data = xlsx([], [], HEADER, ["yiwu-liuzhong", None, SCHEME, 2024, 9])
    ok, _, err = run(write(tmp_path, data))
    assert not ok
    assert "第4行" in err and "「星级」" in err


def test_a_header_below_blank_rows_is_named_by_its_row(tmp_path, schools):
    data = xlsx([], ["机构网址名", "评价方案", "年度"], ["yiwu-liuzhong", SCHEME, 2024])
    ok, _, err = run(write(tmp_path, data))
    assert not ok
    assert "第2行：缺少必填列“星级”。" in err


def test_a_hidden_first_sheet_is_skipped_for_the_first_sheet_excel_shows(tmp_path, schools):
    book = Workbook()
    old = book.active
    old.title = "旧名单"
    old.append(HEADER)
    old.append(["yiwu-liuzhong", None, SCHEME, 2019, 1])
    old.sheet_state = "hidden"
    shown = book.create_sheet("评价结果")
    shown.append(HEADER)
    shown.append(["yiwu-liuzhong", None, SCHEME, 2024, 5])
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    ok, _, err = run(write(tmp_path, buffer.getvalue()))
    assert ok, err
    assert list(Rating.objects.values_list("year", "stars")) == [(2024, 5)]


def test_instructions_on_the_first_sheet_are_named_as_the_sheet_read(tmp_path, schools):
    book = Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["请按下表格式填写，星级填 1–5 的整数。"])
    data = book.create_sheet("评价结果")
    data.append(HEADER)
    data.append(["yiwu-liuzhong", None, SCHEME, 2024, 5])
    buffer = io.BytesIO()
    book.save(buffer)
    ok, _, err = run(write(tmp_path, buffer.getvalue()))
    assert not ok
    assert (
        "第1行：本行是工作表“填表说明”中第一个有内容的行，但没有导入可识别的列名"
        "（如“机构”“年度”“星级”）。导入只读取工作簿的第一个工作表（隐藏的工作表除外）："
        "请把数据所在的工作表移到最前面"
    ) in err
    assert not Rating.objects.exists()


def test_formulas_without_a_saved_value_are_refused_not_read_as_empty(tmp_path, schools):
    # A program (here openpyxl) writes formulas without the values Excel would save.
    data = xlsx(HEADER, ["yiwu-liuzhong", None, SCHEME, 2024, "=2+3", '="高中"&"组"'])
    ok, _, err = run(write(tmp_path, data))
    assert not ok
    assert "工作表“评价结果”的单元格 E2, F2 含有没有保存计算结果的公式" in err
    assert not Rating.objects.exists()


def test_a_number_formatted_with_leading_zeros_reads_as_excel_shows_it():
    assert workbook.cell_text(133005678, "0000000000") == "0133005678"
    assert workbook.cell_text(133005678.0, "0000000000") == "0133005678"
    assert workbook.cell_text(5, "General") == "5"
    assert workbook.cell_text(2.5, "0000") == "2.5"  # not a whole number: as it is


@pytest.mark.parametrize(
    ("cell", "uncomputed"),
    [
        ('<c r="E2" t="str"><f>IF(A2="","","")</f><v></v></c>', []),  # Excel: a "" result
        ('<c r="E2"><f>2+3</f><v>5</v></c>', []),
        ('<c r="E2"><f>2+3</f><v /></c>', ["E2"]),  # as openpyxl writes it
        ('<c s="1" r="E2"><f>2+3</f></c>', ["E2"]),
        ('<c r="E2">\n  <f t="shared" si="0"/>\n</c>', ["E2"]),
    ],
)
def test_only_formulas_with_no_saved_value_are_found(cell, uncomputed):
    sheet = f'<worksheet><sheetData><row r="2">{cell}</row></sheetData></worksheet>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    with zipfile.ZipFile(buffer) as archive:
        assert workbook.uncomputed_formulas(archive, "/xl/worksheets/sheet1.xml") == uncomputed


def test_a_group_typed_once_in_cells_merged_down_its_rows_is_each_rows_group(tmp_path, schools):
    book = Workbook()
    sheet = book.active
    for row in [
        HEADER,
        ["yiwu-liuzhong", None, SCHEME, 2024, 5, "初中组"],
        ["xiuhu-zhongxue", None, SCHEME, 2024, 4],
        ["binwang-zhongxue", None, SCHEME, 2024, 3],
    ]:
        sheet.append(row)
    # Excel keeps the value in the first cell only; it shows it down the merged cells,
    # here down to a row that holds nothing else, which stays no row.
    sheet.merge_cells("F2:F5")
    buffer = io.BytesIO()
    book.save(buffer)
    ok, _, err = run(write(tmp_path, buffer.getvalue()))
    assert ok, err
    assert sorted(Rating.objects.values_list("institution__slug", "group")) == [
        ("binwang-zhongxue", "初中组"),
        ("xiuhu-zhongxue", "初中组"),
        ("yiwu-liuzhong", "初中组"),
    ]


@pytest.mark.parametrize("value", [123307821000020000, 1.2330782100002e17])
def test_a_number_longer_than_excel_keeps_reads_as_excel_shows_it(value):
    assert workbook.cell_text(value) == "1.23308E+17"
    assert workbook.cell_text(value, "000000000000000000") == "1.23308E+17"


def test_an_export_whose_codes_excel_took_for_numbers_saved_as_a_workbook_imports_back(
    tmp_path, schools, scheme
):
    schools[0].credit_code, schools[0].school_code = "123307823000002457", "0133005678"
    schools[0].save()
    RatingFactory(institution=schools[0], scheme=scheme, published=True)
    out = io.StringIO()
    call_command("export_ratings", stdout=out)

    def excel(cell):  # a number keeps 15 digits
        return float(f"{int(cell):.14E}") if cell.isdigit() else cell

    exported = csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")))
    data = xlsx(*[[excel(cell) for cell in row] for row in exported])
    history = Rating.objects.get().history.count()
    ok, message, err = run(write(tmp_path, data))
    assert ok, err
    assert Rating.objects.get().history.count() == history


def test_a_title_merged_above_the_header_is_said_and_not_imported(tmp_path, schools):
    book = Workbook()
    sheet = book.active
    sheet.append(["2024年义乌市中小学校综合评价结果"])
    sheet.merge_cells("A1:F1")
    sheet.append(HEADER)
    sheet.append(["yiwu-liuzhong", None, SCHEME, 2024, 5, "高中组"])
    buffer = io.BytesIO()
    book.save(buffer)
    ok, out, err = run(write(tmp_path, buffer.getvalue()))
    assert ok, err
    assert "表头上方的行未导入：第1行（2024年义乌市中小学校综合评价结果）" in out
    assert Rating.objects.get().group == "高中组"


def test_a_two_row_header_reads_its_lower_row_with_the_cells_merged_down_into_it(tmp_path, schools):
    # 机构 spans both header rows; 评价结果 spans the three columns named below it
    book = Workbook()
    sheet = book.active
    sheet.append(["机构", "评价结果", None, None, "组别"])
    sheet.append([None, "评价方案", "年度", "星级", None])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:D1")
    sheet.merge_cells("E1:E2")
    sheet.append(["义乌市第六中学", SCHEME, 2024, 5, "高中组"])
    buffer = io.BytesIO()
    book.save(buffer)
    ok, out, err = run(write(tmp_path, buffer.getvalue()))
    assert ok, err
    assert "表头上方的行未导入：第1行（机构 评价结果 组别）" in out
    rating = Rating.objects.get()
    assert (rating.institution.slug, rating.stars, rating.group) == ("yiwu-liuzhong", 5, "高中组")


def test_title_rows_do_not_let_a_row_past_the_limit_go_unread(tmp_path, schools, monkeypatch):
    monkeypatch.setattr(importer.RatingImport, "MAX_ROWS", 2)
    rows = [
        ["2024年综合评价结果"],
        ["填报单位：义乌市教育局"],
        HEADER,
        ["yiwu-liuzhong", None, SCHEME, 2024, 5],
        ["xiuhu-zhongxue", None, SCHEME, 2024, 5],
        ["binwang-zhongxue", None, SCHEME, 2024, 5],
    ]
    ok, _, err = run(write(tmp_path, xlsx(*rows)))
    assert not ok
    assert "文件超过 2 行" in err
    ok, _, err = run(write(tmp_path, xlsx(*rows[:-1])))
    assert ok, err
    assert Rating.objects.count() == 2
