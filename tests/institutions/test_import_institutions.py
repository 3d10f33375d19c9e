"""import_institutions: a bureau's list of schools (or a ratings export) loaded all or
nothing, rows that name existing institutions updating them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from institutions.models import Category, Institution, Kind
from tests.admin_import import confirm
from tests.factories import InstitutionFactory, RatingFactory, RegionFactory
from tests.ratings.test_import_workbook import with_dimension

pytestmark = pytest.mark.django_db

HEADER = "机构,简称,类型,类别,地区代码,学校标识码"
HEADER_WITH_ADDRESS = "机构,机构网址名,类型,类别,地区代码"


@pytest.fixture
def county():
    return RegionFactory(code="330782", name="义乌市")


def run(tmp_path, text, *args, name="institutions.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_institutions", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue(), err.getvalue() + str(exc)
    return True, out.getvalue(), err.getvalue()


def rows(*lines, header=HEADER):
    return "\n".join([header, *lines]) + "\n"


def test_a_list_of_schools_comes_in_with_addresses_made_from_their_names(tmp_path, county):
    ok, out, err = run(
        tmp_path,
        rows(
            "义乌市新建第一小学,新建一小,学校,小学,330782,3133009991",
            "义乌市新建医院,,医疗卫生机构,综合医院,330782,",
            "义乌市新建第二小学,,school,primary,330782,",
        ),
    )
    assert ok, err
    assert "新增 3 条" in out
    first = Institution.objects.get(name="义乌市新建第一小学")
    assert (first.short_name, first.kind, first.category) == ("新建一小", Kind.SCHOOL, "primary")
    assert (first.region, first.school_code, first.slug) == (
        county,
        "3133009991",
        "xin-jian-yi-xiao",
    )
    hospital = Institution.objects.get(name="义乌市新建医院")
    assert (hospital.kind, hospital.category) == (Kind.HEALTH, Category.GENERAL_HOSPITAL)
    record = first.history.first()
    assert (record.history_type, record.history_change_reason) == ("+", "导入自 institutions.csv")


def test_rows_naming_existing_institutions_update_them_and_keep_their_address(tmp_path, county):
    school = InstitutionFactory(
        name="义乌市第六中学", slug="yiwu-liuzhong", school_code="3133001234", region=county
    )
    ok, out, err = run(
        tmp_path,
        rows("义乌市第六中学,义乌六中,学校,高级中学,330782,3133001234"),
        "--dry-run",
    )
    assert ok, err
    assert "第2行：义乌市第六中学：" in out and "义乌六中" in out
    school.refresh_from_db()
    assert school.short_name == ""  # a dry run writes nothing
    ok, out, err = run(tmp_path, rows("义乌市第六中学,义乌六中,学校,高级中学,330782,3133001234"))
    assert ok, err
    school.refresh_from_db()
    assert (school.short_name, school.category, school.slug) == (
        "义乌六中",
        "senior",
        "yiwu-liuzhong",
    )
    assert Institution.objects.count() == 1


def test_a_row_is_matched_by_its_code_before_its_name(tmp_path, county):
    school = InstitutionFactory(name="义乌市第六中学", school_code="3133001234", region=county)
    ok, _, err = run(tmp_path, rows("义乌市第六高级中学,,学校,高级中学,330782,3133001234"))
    assert ok, err
    school.refresh_from_db()
    assert school.name == "义乌市第六高级中学"  # renamed, not a second school


def test_bad_rows_are_named_and_nothing_is_written(tmp_path, county):
    ok, _, err = run(
        tmp_path,
        rows(
            "义乌市新建第一小学,,学校,小学,330782,",
            "义乌市新建第二小学,,学校,大学,330782,",
            "义乌市新建第三小学,,学校,小学,999999,",
            "义乌市新建医院,,医疗卫生机构,小学,330782,",
            "义乌市新建第一小学,新一小,学校,小学,330782,",  # says otherwise than line 2
            "义乌市新建第四小学,,学校,小学,330782,123",
        ),
    )
    assert not ok
    assert "第3行 「类别」：大学 不是以下之一：幼儿园、小学、" in err
    assert "第4行 「地区代码」：没有代码为 999999 的地区。" in err
    assert "第5行 「类别」：该类别不属于所选类型。" in err
    assert "第6行 「机构」：义乌市新建第一小学 在第2行也出现了。" in err
    assert "第7行 「学校标识码」：" in err
    assert "发现 5 个问题，未导入任何数据。" in err
    assert not Institution.objects.exists()


def test_a_row_repeated_as_it_was_is_read_once(tmp_path, county):
    line = "义乌市新建第一小学,新一小,学校,小学,330782,"
    ok, out, err = run(tmp_path, rows(line, line))
    assert ok, err
    assert "新增 1 条" in out


def test_a_code_another_institution_has_is_refused(tmp_path, county):
    InstitutionFactory(name="义乌市第六中学", school_code="3133001234", region=county)
    ok, _, err = run(
        tmp_path,
        rows(
            "义乌市第六中学,,学校,高级中学,330782,",
            "义乌市绣湖中学,,学校,初级中学,330782,3133001234",
        ),
    )
    # the second row's code is the first school's: both rows name it
    assert not ok
    assert "第3行：此行与第2行指向同一家机构（义乌市第六中学）。" in err
    assert Institution.objects.get().name == "义乌市第六中学"


def test_an_empty_cell_changes_nothing(tmp_path, county):
    school = InstitutionFactory(
        name="义乌市第六中学", short_name="义乌六中", school_code="3133001234", region=county
    )
    ok, out, err = run(tmp_path, rows("义乌市第六中学,,学校,初级中学,330782,"))
    assert ok, err
    assert "未变 1 条" in out
    school.refresh_from_db()
    assert (school.short_name, school.school_code) == ("义乌六中", "3133001234")


def test_a_kind_its_ratings_contradict_is_refused(tmp_path, county):
    rating = RatingFactory(institution__region=county, institution__name="义乌市第六中学")
    ok, _, err = run(tmp_path, rows("义乌市第六中学,,医疗卫生机构,综合医院,330782,"))
    assert not ok
    assert "第2行 「类型」：" in err
    rating.institution.refresh_from_db()
    assert rating.institution.kind == Kind.SCHOOL


def test_a_ratings_export_imports_as_institutions_unchanged(tmp_path, county):
    for school in InstitutionFactory.create_batch(3, region=county):
        for year in (2023, 2024):  # an institution on a row for each of its ratings
            RatingFactory(institution=school, year=year, published=True)
    export = io.StringIO()
    call_command("export_ratings", stdout=export)
    ok, out, err = run(tmp_path, export.getvalue())
    assert ok, err
    assert "新增 0 条，修改 0 条，未变 3 条" in out
    assert "以下列不导入，其中的修改不会生效：评价方案、年度、星级、组别、表彰活动、是否发布" in out


def test_a_region_name_that_is_not_the_region_codes_is_refused(tmp_path, county):
    RegionFactory(code="330783", name="东阳市")
    school = InstitutionFactory(name="义乌市第六中学", region=county)
    ok, _, err = run(
        tmp_path,
        rows("义乌市第六中学,学校,初级中学,330782,东阳市", header="机构,类型,类别,地区代码,地区"),
    )
    assert not ok
    assert "第2行 「地区」：东阳市 不是「地区代码」所指的义乌市：该行前后矛盾。" in err
    school.refresh_from_db()
    assert school.region == county


def test_required_columns_are_named(tmp_path, county):
    ok, _, err = run(tmp_path, "机构,类型\n义乌市新建第一小学,学校\n")
    assert not ok
    assert "缺少必填列“类别”" in err and "缺少必填列“地区代码”" in err


def test_a_workbook_imports_too_with_messages_in_english(tmp_path, county):
    book = Workbook()
    for row in (
        ["Institution", "Kind", "Category", "Region code"],
        ["义乌市新建第一小学", "school", "primary school", 330782],
        ["义乌市新建第二小学", "school", "college", 330782],
    ):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    ok, _, err = run(tmp_path, buffer.getvalue(), "--language", "en", name="schools.xlsx")
    assert not ok
    assert "Line 3, “Category”: college is not one of: kindergarten, primary school," in err
    assert not Institution.objects.exists()


def upload(client, text, name="学校名单.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post("/admin/institutions/institution/import/", {"file": file, "encoding": ""})


def test_a_clerk_previews_then_confirms_a_list_in_the_admin(client, data_entry_user, county):
    school = InstitutionFactory(name="义乌市第六中学", school_code="3133001234", region=county)
    client.force_login(data_entry_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    changelist = client.get("/admin/institutions/institution/").content.decode()
    assert 'href="/admin/institutions/institution/import/"' in changelist
    response = upload(
        client,
        rows(
            "义乌市第六中学,义乌六中,学校,高级中学,330782,3133001234",
            "义乌市新建第一小学,新建一小,学校,小学,330782,",
        ),
    )
    assert response.status_code == 302
    preview = " ".join(client.get(response["Location"]).content.decode().split())
    assert "新增 1 条，修改 1 条，未变 0 条" in preview
    assert "简称 — → 义乌六中" in preview and "义乌市新建第一小学" in preview
    assert Institution.objects.count() == 1  # nothing written before confirming
    confirmed = confirm(client, response["Location"])
    assert confirmed["Location"] == "/admin/institutions/institution/"
    school.refresh_from_db()
    assert school.short_name == "义乌六中"
    new = Institution.objects.get(name="义乌市新建第一小学")
    assert new.history.first().history_user == data_entry_user
    changed = school.history.first()
    assert (changed.history_user, changed.history_change_reason) == (
        data_entry_user,
        "导入自 学校名单.csv",
    )


def test_the_admin_shows_a_bad_lists_problems_and_writes_nothing(client, reviewer_user, county):
    client.force_login(reviewer_user)
    response = upload(client, rows("义乌市新建第一小学,,学校,大学,330782,"))
    preview = client.get(response["Location"]).content.decode()
    assert "第2行 「类别」：大学 不是以下之一：" in preview
    assert 'href="/admin/institutions/institution/import/"' in preview  # upload again
    assert "导入以上变更" not in preview  # no button to confirm
    client.post(response["Location"])  # as a forged confirmation would
    assert not Institution.objects.exists()


def test_a_ratings_file_cannot_be_confirmed_as_institutions(client, reviewer_user, county):
    client.force_login(reviewer_user)
    file = SimpleUploadedFile("ratings.csv", b"institution_slug,scheme,year,stars\n")
    response = client.post("/admin/ratings/rating/import/", {"file": file, "encoding": ""})
    preview_pk = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert client.get(f"/admin/institutions/institution/import/{preview_pk}/").status_code == 404


def test_staff_without_the_right_to_add_institutions_cannot_import_them(
    client, django_user_model, county
):
    user = django_user_model.objects.create_user("guest", password="x", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/institutions/institution/import/").status_code == 403
    assert upload(client, rows("义乌市新建第一小学,,学校,小学,330782,")).status_code == 403
    assert not Institution.objects.exists()


def test_checking_unchanged_rows_costs_the_same_queries_for_any_number(county):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from institutions.importer import InstitutionImport

    schools = InstitutionFactory.create_batch(6, region=county)

    def queries(n):
        lines = [f"{s.name},,学校,初级中学,330782," for s in schools[:n]]
        with CaptureQueriesContext(connection) as captured:
            plans = InstitutionImport(rows(*lines).encode()).check()
        assert {p.action for p in plans} == {"unchanged"}
        return len(captured)

    assert queries(2) == queries(6)


def test_a_row_that_ends_before_the_header_does_has_empty_cells(tmp_path, county):
    # Excel leaves a row's empty cells at its end out of a CSV file.
    ok, _, err = run(tmp_path, "类型,类别,地区代码,机构\n学校,小学,330782\n")
    assert not ok
    assert "第2行 「机构」：" in err
    assert "Traceback" not in err
    assert not Institution.objects.exists()


def test_an_address_made_for_a_new_school_is_not_one_the_file_gives_another(tmp_path, county):
    ok, out, err = run(
        tmp_path,
        rows(
            "义乌市甲小学,新星,学校,小学,330782",
            "义乌市乙小学,,学校,小学,330782,xin-xing",
            header="机构,简称,类型,类别,地区代码,机构网址名",
        ),
    )
    assert ok, err
    assert "新增 2 条" in out
    assert Institution.objects.get(slug="xin-xing").name == "义乌市乙小学"
    assert Institution.objects.get(slug="xin-xing-2").name == "义乌市甲小学"


def test_the_preview_shows_the_address_a_new_institution_will_have(client, reviewer_user, county):
    client.force_login(reviewer_user)
    response = upload(client, rows("义乌市新建第一小学,新建一小,学校,小学,330782,"))
    preview = " ".join(client.get(response["Location"]).content.decode().split())
    assert "xin-jian-yi-xiao" in preview
    assert not Institution.objects.exists()


def test_an_address_in_chinese_characters_is_explained(tmp_path, county):
    ok, _, err = run(
        tmp_path, rows("义乌市香山小学,香山小学,学校,小学,330782", header=HEADER_WITH_ADDRESS)
    )
    assert not ok
    assert (
        "第2行 「机构网址名」：网址名只能由英文字母、数字和连字符（-）或下划线（_）组成，"
        "不能含汉字或空格，如 yiwu-liuzhong。"
    ) in err
    assert "字段" not in err


def test_an_address_that_is_not_the_named_institutions_is_refused(tmp_path, county):
    InstitutionFactory(name="义乌市北苑中学", slug="beiyuan-zhongxue", region=county)
    ok, _, err = run(
        tmp_path,
        rows("义乌市北苑中学,totally-new-school,学校,初级中学,330782", header=HEADER_WITH_ADDRESS),
    )
    assert not ok
    assert (
        "第2行 「机构网址名」：totally-new-school 不是义乌市北苑中学（beiyuan-zhongxue）的网址名，"
        "而「机构」指的是它；机构的网址名不会改变。"
    ) in err


def test_a_row_whose_code_and_name_are_two_institutions_says_so(tmp_path, county):
    InstitutionFactory(name="浙江省义乌中学", credit_code="123307824700000015", region=county)
    InstitutionFactory(name="义乌市北苑中学", region=county)
    ok, _, err = run(
        tmp_path,
        rows(
            "义乌市北苑中学,学校,初级中学,330782,123307824700000015",
            header="机构,类型,类别,地区代码,统一社会信用代码",
        ),
    )
    assert not ok
    assert "第2行 「机构」：义乌市北苑中学 不是「统一社会信用代码」所指的浙江省义乌中学" in err


def test_a_credit_code_in_small_letters_is_the_same_code(tmp_path, county):
    school = InstitutionFactory(
        name="义乌市第六中学", credit_code="1233078247000ABC18", region=county, category="senior"
    )
    ok, out, err = run(
        tmp_path,
        rows(
            "义乌市第六中学,学校,高级中学,330782,1233078247000abc18",
            header="机构,类型,类别,地区代码,统一社会信用代码",
        ),
    )
    assert ok, err
    assert "未变 1 条" in out
    assert school.history.count() == 1


@pytest.mark.parametrize("value", ["#N/A", "#REF!", "#value!"])
def test_what_excel_shows_for_a_failed_formula_is_refused(tmp_path, county, value):
    ok, _, err = run(tmp_path, rows(f"义乌市新建第一小学,{value},学校,小学,330782,"))
    assert not ok
    message = f"第2行 「简称」：{value} 是 Excel 在公式出错时显示的内容：请改正公式或直接填写数值。"
    assert message in err


@pytest.mark.parametrize("name", ["义乌市\u200b北苑中学", "义乌市\n北苑中学", "义乌市\t北苑中学"])
def test_a_name_with_a_line_break_or_an_invisible_character_is_refused(tmp_path, county, name):
    ok, _, err = run(tmp_path, rows(f'"{name}",,学校,初级中学,330782,'))
    assert not ok
    assert "第2行 「机构」：单元格含有换行符或不可见字符（如零宽空格），请在一行内填写。" in err
    assert not Institution.objects.exists()


def test_a_dash_is_not_taken_for_a_formula(tmp_path, county):
    ok, _, err = run(tmp_path, rows("义乌市新建医院,,医疗卫生机构,综合医院,330782,-"))
    assert not ok
    assert "公式" not in err
    assert "第2行 「学校标识码」：" in err


def test_headers_are_read_whatever_their_spacing_and_below_blank_lines(tmp_path, county):
    ok, out, err = run(
        tmp_path,
        '\n\n机构,类型,类别,地区代码,"统一社会\n信用代码",学校 标识码\n'
        "义乌市新建第一小学,学校,小学,330782,123307824700000015,3133009991\n",
    )
    assert ok, err
    school = Institution.objects.get()
    assert (school.credit_code, school.school_code) == ("123307824700000015", "3133009991")


def test_a_csv_files_problems_name_lines_below_blank_lines_above_its_header(tmp_path, county):
    ok, _, err = run(tmp_path, "\n\n" + rows("义乌市新建第一小学,,学校,大学,330782,"))
    assert not ok
    assert "第4行 「类别」：大学 不是以下之一" in err


def test_a_list_longer_than_the_admin_can_import_in_time_is_refused(tmp_path, county):
    lines = [f"义乌市测试第{n}小学,,学校,小学,330782," for n in range(20_001)]
    ok, _, err = run(tmp_path, rows(*lines))
    assert not ok
    assert "文件超过 20000 行，请拆分为几个文件。" in err
    assert not Institution.objects.exists()


def test_a_clash_with_a_change_saved_meanwhile_is_a_message_and_writes_nothing(
    tmp_path, county, monkeypatch
):
    from django.db import IntegrityError

    from evalsite import history  # where the imports' bulk writes are

    def clash(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(history, "bulk_create_with_history", clash)
    ok, _, err = run(tmp_path, rows("义乌市新建第一小学,,学校,小学,330782,"))
    assert not ok
    assert "Traceback" not in err and "未写入任何数据" in err
    assert not Institution.objects.exists()


def test_a_school_code_typed_as_a_number_keeps_the_leading_zero_excel_shows(tmp_path, county):
    book = Workbook()
    book.active.append(["机构", "类型", "类别", "地区代码", "学校标识码"])
    book.active.append(["义乌市新建第一小学", "学校", "小学", 330782, 133005678])
    book.active["E2"].number_format = "0000000000"
    buffer = io.BytesIO()
    book.save(buffer)
    ok, _, err = run(tmp_path, buffer.getvalue(), name="institutions.xlsx")
    assert ok, err
    assert Institution.objects.get().school_code == "0133005678"


def test_codes_typed_in_full_width_are_stored_as_their_digits(tmp_path, county):
    row = "义乌市第二中学,,学校,高级中学,３３０７８２,１１３３００５６７８"
    ok, out, err = run(tmp_path, rows(row))
    assert ok, err
    school = Institution.objects.get()
    assert (school.region, school.school_code) == (county, "1133005678")
    # and the same row again is the same school, unchanged
    ok, out, err = run(tmp_path, rows("义乌市第二中学,,学校,高级中学,330782,１１３３００５６７８"))
    assert ok, err
    assert "未变 1 条" in out


def test_rows_beyond_the_size_a_sheet_claims_are_read(tmp_path, county):
    book = Workbook()
    for row in (
        ["机构", "类型", "类别", "地区代码"],
        ["义乌市新建第一小学", "学校", "小学", 330782],
        ["义乌市新建第二小学", "学校", "小学", 330782],
        ["义乌市新建第三小学", "学校", "小学", 330782],
    ):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    data = with_dimension(buffer.getvalue(), "A1:D2")
    ok, out, err = run(tmp_path, data, name="institutions.xlsx")
    assert ok, err
    assert "新增 3 条" in out
    assert Institution.objects.count() == 3


def test_the_import_log_says_what_a_file_did_in_the_readers_language(client, superuser, county):
    client.force_login(superuser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    response = upload(client, rows("义乌市新建第一小学,,学校,小学,330782,"))
    confirm(client, response["Location"])
    log = "/admin/ratings/ratingimportfile/"
    assert "新增 1 条，修改 0 条，未变 0 条" in client.get(log).content.decode()
    english = client.get(log, headers={"accept-language": "en"}).content.decode()
    assert "1 new, 0 changed, 0 unchanged" in english


def test_a_row_repeated_with_its_credit_code_in_small_letters_is_read_once(tmp_path, county):
    header = "机构,类型,类别,地区代码,统一社会信用代码"
    ok, out, err = run(
        tmp_path,
        rows(
            "义乌市新建第一小学,学校,小学,330782,1233078247000ABC18",
            "义乌市新建第一小学,学校,小学,330782,1233078247000abc18",
            header=header,
        ),
    )
    assert ok, err
    assert "新增 1 条" in out


def test_a_preview_seen_in_one_language_confirms_in_another(client, data_entry_user, county):
    """The preview shows kinds and categories in the reader's language; what it
    vouches for at confirmation is what is written, whatever the language then."""
    from tests.admin_import import shown_plan

    InstitutionFactory(name="义乌市第六中学", school_code="3133001234", region=county)
    client.force_login(data_entry_user)
    response = upload(
        client,
        rows(
            "义乌市第六中学,义乌六中,学校,高级中学,330782,3133001234",
            "义乌市新建第一小学,新建一小,学校,小学,330782,",
        ),
    )
    plan = shown_plan(client, response["Location"])  # in Chinese
    confirmed = client.post(response["Location"], {"plan": plan}, HTTP_ACCEPT_LANGUAGE="en")
    assert confirmed.status_code == 302
    assert Institution.objects.count() == 2


def test_a_row_answers_for_the_fields_it_writes_not_for_others_saved_before(tmp_path, county):
    """An alias saved before invisible characters were refused cannot be mended from a
    file without an aliases column: it must not stop the row from changing the rest."""
    school = InstitutionFactory(name="义乌市第六中学", school_code="3133001234", region=county)
    Institution.objects.filter(pk=school.pk).update(aliases="旧名\u200b")
    ok, _, err = run(tmp_path, rows("义乌市第六中学,义乌六中,学校,高级中学,330782,3133001234"))
    assert ok, err
    assert Institution.objects.get().short_name == "义乌六中"


def test_checking_rows_that_move_institutions_costs_no_query_a_row(county):
    """Each moved institution's bureau is checked against its new region, from the
    bureaus and regions read for the whole file."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from institutions.importer import InstitutionImport
    from institutions.models import Sector
    from tests.factories import AuthorityFactory

    city = RegionFactory(code="330700", name="金华市", level="prefecture")
    county.parent = city
    county.save()
    other = RegionFactory(code="330783", name="东阳市", parent=city)
    bureau = AuthorityFactory(region=city, sector=Sector.EDUCATION)
    for n in range(8):
        InstitutionFactory(name=f"义乌市第{n}小学", region=county, authority=bureau)

    def queries(count):
        lines = [f"义乌市第{n}小学,,学校,小学,{other.code}," for n in range(count)]
        job = InstitutionImport(rows(*lines).encode())
        with CaptureQueriesContext(connection) as captured:
            plans = job.check()
        assert [p.action for p in plans] == ["changed"] * count
        return len(captured)

    assert queries(2) == queries(8)


def test_a_credit_code_typed_as_a_number_is_refused_as_having_lost_digits(tmp_path, county):
    # Typed as a number, 123307821000020127 is kept by Excel as 1.23307821000020E+17:
    # 123307821000020000, which is a valid code too, but another one.
    book = Workbook()
    book.active.append(["机构", "类型", "类别", "地区代码", "统一社会信用代码"])
    book.active.append(["义乌市新建第一小学", "学校", "小学", 330782, 1.2330782100002e17])
    buffer = io.BytesIO()
    book.save(buffer)
    ok, _, err = run(tmp_path, buffer.getvalue(), name="schools.xlsx")
    assert not ok
    assert (
        "第2行 「统一社会信用代码」：1.23308E+17 是电子表格显示长数字的方式：作为数字输入的"
        "代码只保留前 15 位数字。请把该列设为“文本”格式，再重新填写代码。"
    ) in err
    assert not Institution.objects.exists()


def test_a_long_code_as_excel_saves_it_in_csv_says_what_became_of_it(tmp_path, county):
    ok, _, err = run(
        tmp_path,
        "Institution,Kind,Category,Region code,Unified social credit code\n"
        "义乌市新建第一小学,school,primary school,330782,1.23308E+17\n",
        "--language",
        "en",
    )
    assert not ok
    assert (
        "Line 2, “Unified social credit code”: 1.23308E+17 is how a spreadsheet shows a "
        "long number: a code typed as a number keeps only its first 15 digits."
    ) in err


def test_an_export_whose_codes_excel_took_for_numbers_imports_back_unchanged(tmp_path, county):
    # Two codes Excel shows alike, as 1.23308E+17, and a school code it shows as 133005678.
    InstitutionFactory(
        name="义乌市第一中学",
        region=county,
        credit_code="123307823000002457",
        school_code="0133005678",
    )
    InstitutionFactory(name="义乌市第二中学", region=county, credit_code="123307823000005458")
    history = sum(i.history.count() for i in Institution.objects.all())
    text = rows(
        "义乌市第一中学,,学校,初级中学,330782,133005678",
        "义乌市第二中学,,学校,初级中学,330782,",
        header="机构,统一社会信用代码,类型,类别,地区代码,学校标识码",
    ).replace(",,学校", ",1.23308E+17,学校")
    ok, out, err = run(tmp_path, text.encode("gb18030"))
    assert ok, err
    assert "新增 0 条，修改 0 条，未变 2 条" in out
    assert sum(i.history.count() for i in Institution.objects.all()) == history


def test_headers_bureau_sheets_give_the_columns_are_read_as_theirs(tmp_path, county):
    ok, out, err = run(
        tmp_path,
        "单位名称,机构类型,学校类别,行政区划代码\n义乌市新建第三小学,学校,小学,330782\n",
    )
    assert ok, err
    school = Institution.objects.get(name="义乌市新建第三小学")
    assert (school.kind, school.category, school.region) == (Kind.SCHOOL, "primary", county)
