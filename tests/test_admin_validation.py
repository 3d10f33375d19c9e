"""What the admin says when a change would contradict data already entered: a
message on the form, never a server error."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from institutions.models import Category, Kind
from plans.models import Plan
from tests.factories import (
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    RatingFactory,
    RegionFactory,
    SchemeFactory,
)

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """The values an admin change form would post as it stands."""

    def __init__(self, html):
        super().__init__()
        self.data, self.select, self.textarea = {}, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.data[name] = attrs.get("value", "")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def change(client, obj, **changes):
    """Post `obj`'s admin change form as it stands, with `changes`."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    data = FormValues(client.get(url).content.decode()).data
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_an_institution_with_school_ratings_cannot_become_a_hospital(admin_client):
    rating = RatingFactory()
    school = rating.institution

    response = change(
        admin_client, school, kind=Kind.HEALTH, category=Category.GENERAL_HOSPITAL, school_code=""
    )

    assert response.status_code == 200
    assert "该机构有按其他类型机构的评价方案评出的结果" in response.content.decode()
    school.refresh_from_db()
    assert school.kind == Kind.SCHOOL


def test_an_institution_with_ratings_saves_unchanged(admin_client):
    school = RatingFactory(published=True).institution

    assert change(admin_client, school, short_name="新简称").status_code == 302
    school.refresh_from_db()
    assert school.short_name == "新简称"


def test_a_schemes_maximum_cannot_fall_below_stars_already_awarded(admin_client):
    scheme = SchemeFactory()
    RatingFactory(scheme=scheme, stars=5)

    response = change(admin_client, scheme, max_stars="4")

    assert "该评价方案下已有 5 星的评价结果，最高星级不能再低。" in response.content.decode()
    scheme.refresh_from_db()
    assert scheme.max_stars == 5


def test_a_scheme_rating_schools_cannot_be_switched_to_health_institutions(admin_client):
    scheme = SchemeFactory(kind=Kind.SCHOOL)
    RatingFactory(scheme=scheme)

    response = change(admin_client, scheme, kind=Kind.HEALTH)

    assert "此评价方案下有其他类型机构的评价结果" in response.content.decode()


@pytest.mark.parametrize("query", ["year=abc", "stars=x", "year=２０２４"])
def test_a_bad_filter_in_the_ratings_list_address_is_refused_not_a_server_error(
    admin_client, query
):
    RatingFactory(year=2024, stars=5)
    response = admin_client.get(f"/admin/ratings/rating/?{query}")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_a_plan_year_out_of_range_is_explained(admin_client):
    plan = PlanFactory()

    page = change(admin_client, plan, year="1800").content.decode()

    assert "年度应在 1949 到 2100 之间。" in page
    assert not Plan.objects.filter(year=1800).exists()


def test_two_commitments_at_one_position_are_named_by_the_fields_label(admin_client):
    plan = PlanFactory()
    CommitmentFactory(plan=plan, position=1)
    CommitmentFactory(plan=plan, position=2)

    page = change(admin_client, plan, **{"commitments-1-position": "1"}).content.decode()

    assert "有两行的序号相同：每行的序号必须不同。" in page


def test_the_admin_carries_the_sites_name(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "评价结果与计划管理后台" in html
    assert "Django 管理" not in html


def test_target_figures_show_as_the_source_wrote_them(admin_client):
    from decimal import Decimal

    from tests.factories import TargetFactory

    target = TargetFactory(target_value=Decimal("2.67"), indicator__name="固定资产投资")
    assert str(target) == "固定资产投资 ≥ 2.67"
    html = admin_client.get("/admin/plans/target/").content.decode()
    assert "2.67" in html
    assert "2.6700" not in html


def test_the_plan_list_filters_name_the_plans_kind_and_the_institutions_apart(admin_client):
    PlanFactory()
    html = admin_client.get("/admin/plans/plan/").content.decode()
    assert "以 类型" in html
    assert "以 机构类型" in html


@pytest.mark.parametrize(
    "address",
    [
        "/admin/plans/plan/add/?institution=abc",
        "/admin/ratings/rating/add/?stars=abc&institution=zz",
        "/admin/plans/target/add/?plan=abc",
        "/admin/plans/target/add/?plan=99999999999999999999999",
        "/admin/institutions/region/add/?parent=-",
    ],
)
def test_an_add_page_whose_address_names_no_key_opens_empty(admin_client, address):
    response = admin_client.get(address)
    assert response.status_code == 200
    assert "errornote" not in response.content.decode()


@pytest.mark.parametrize("institution", ["abc", "99999999999999999999999"])
def test_a_posted_key_that_is_none_is_a_form_error(admin_client, institution):
    from ratings.models import Rating
    from tests.factories import SchemeFactory

    scheme = SchemeFactory()
    response = admin_client.post(
        "/admin/ratings/rating/add/",
        {"institution": institution, "scheme": scheme.pk, "year": 2024, "stars": 5},
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Rating.objects.exists()


@pytest.mark.parametrize("actual", ["", "5"])
@pytest.mark.parametrize("typed", ["1,000", "NaN", "1E+30"])
def test_a_mistyped_figure_gets_its_own_error_only(admin_client, typed, actual):
    from plans.models import Target
    from tests.factories import IndicatorFactory, PlanFactory

    plan, indicator = PlanFactory(), IndicatorFactory()
    response = admin_client.post(
        "/admin/plans/target/add/",
        {
            "plan": plan.pk,
            "indicator": indicator.pk,
            "position": 1,
            "comparator": "gte",
            "target_value": typed,
            "actual": actual,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "errorlist" in html
    assert "请填写目标值或实际值，或两者都填" not in html
    assert "比较方式用于将实际值与目标值比较" not in html
    assert not Target.objects.exists()


ONE_LINE = "含有换行符或不可见字符（如从网页复制的文字常带的零宽空格）：请在一行内重新输入。"


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (InstitutionFactory, "name", "义乌市香山小学\u200b"),  # pasted from a web page
        (InstitutionFactory, "short_name", "香山\u00a0小学\u200d"),
        (SchemeFactory, "name", "义乌市中小学校\u200b综合评价"),
        (RatingFactory, "group", "初中\ufeff组"),
        (RegionFactory, "name", "义乌市\u200e"),
    ],
)
def test_a_name_with_an_invisible_character_is_refused_as_the_imports_refuse_it(
    admin_client, make, field, value
):
    obj = make()
    before = getattr(obj, field)

    response = change(admin_client, obj, **{field: value})

    assert response.status_code == 200
    assert ONE_LINE in response.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, field) == before


def test_aliases_may_be_one_a_line_but_hold_nothing_invisible(admin_client):
    school = InstitutionFactory(aliases="")

    page = change(admin_client, school, aliases="香山小学\r\n香\u200b山小").content.decode()

    assert "含有不可见字符（如从网页复制的文字常带的零宽空格）：请重新输入，每行一个名称。" in page
    assert change(admin_client, school, aliases="香山小学\r\n香山小").status_code == 302
    school.refresh_from_db()
    assert school.alias_list == ["香山小学", "香山小"]


ADDRESS = (
    "网址名只能由英文字母、数字和连字符（-）或下划线（_）组成，不能含汉字或空格，如 yiwu-liuzhong。"
)


def test_an_address_in_chinese_characters_is_explained_in_the_admin(admin_client):
    region = RegionFactory()
    url = reverse("admin:institutions_institution_add")
    data = FormValues(admin_client.get(url).content.decode()).data
    data.update(
        name="义乌市香山小学", kind=Kind.SCHOOL, category=Category.PRIMARY, region=region.pk
    )
    data["slug"] = "香山小学"

    page = admin_client.post(url, data).content.decode()

    assert ADDRESS in page
    assert "字段" not in page
