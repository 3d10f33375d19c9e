"""The admin that bureau staff enter data in: every page opens, and shows what it should."""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from evalsite.roles import DATA_ENTRY
from institutions.models import Institution
from plans.models import Comparator, TargetStatus
from tests.factories import (
    AuthorityFactory,
    AwardEventFactory,
    CommitmentFactory,
    IndicatorFactory,
    InstitutionFactory,
    PlanFactory,
    RatingFactory,
    RegionFactory,
    SchemeFactory,
    SourceFactory,
    TargetFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def import_file():
    """An uploaded ratings CSV, as the import keeps it between preview and confirmation."""
    return apps.get_model("ratings", "RatingImportFile").objects.create(
        filename="2024年星级评价.csv", data=b""
    )


def login_record(model_name, **fields):
    """A django-axes record of a login attempt."""
    return apps.get_model("axes", model_name).objects.create(
        username="zhangsan", ip_address="127.0.0.1", user_agent="Mozilla/5.0", **fields
    )


# One way to make an object of each registered model. A model registered
# without an entry here fails test_every_change_page_renders: add one.
MAKERS = {
    "auth.user": lambda: get_user_model().objects.create_user("zhangsan"),
    "auth.group": lambda: Group.objects.get(name=DATA_ENTRY),
    "axes.accessattempt": lambda: login_record("AccessAttempt", failures_since_start=1),
    "axes.accessfailurelog": lambda: login_record("AccessFailureLog"),
    "axes.accesslog": lambda: login_record("AccessLog"),
    "institutions.source": SourceFactory,
    "institutions.region": RegionFactory,
    "institutions.authority": AuthorityFactory,
    "institutions.institution": InstitutionFactory,
    "ratings.scheme": SchemeFactory,
    "ratings.awardevent": AwardEventFactory,
    "ratings.rating": RatingFactory,
    "ratings.ratingimportfile": import_file,
    "plans.plan": PlanFactory,
    "plans.commitment": CommitmentFactory,
    "plans.indicator": IndicatorFactory,
    "plans.target": TargetFactory,
}
REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)


def label(model):
    return model._meta.label_lower


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def column(page, field):
    """The texts of a tabular inline's read-only cells for `field`, top to bottom."""
    page = re.sub(r'<tr class="[^"]*\bempty-form\b.*?</tr>', "", page, flags=re.DOTALL)
    return re.findall(rf'<td class="field-{field}">\s*<p>(.*?)</p>', page, re.DOTALL)


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    # Ask for English so assertions can quote messages as the code writes them.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_every_model_of_the_apps_is_in_the_admin():
    models = [
        model
        for app in ("institutions", "ratings", "plans")
        for model in apps.get_app_config(app).get_models()
        if not model._meta.model_name.startswith("historical")
    ]

    assert [label(model) for model in models if model not in admin.site._registry] == []


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_changelist_renders_with_a_row(staff_client, model):
    MAKERS[label(model)]()

    response = staff_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_add_page_renders_unless_the_admin_offers_no_adding(staff_client, model):
    response = staff_client.get(admin_url(model, "add"))

    may_add = admin.site._registry[model].has_add_permission(response.wsgi_request)
    assert response.status_code == (200 if may_add else 403)


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_change_page_renders(staff_client, model):
    obj = MAKERS[label(model)]()

    response = staff_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert str(obj) in response.content.decode()


def view_on_site_link(page):
    return re.search(r'<a href="([^"]+)" class="viewsitelink"', page)[1]


@pytest.mark.parametrize(
    ("maker", "address"),
    [
        (lambda: InstitutionFactory(short_name="义乌六中"), "/institutions/yi-wu-liu-zhong/"),
        (lambda: RegionFactory(code="330782"), "/regions/330782/"),
    ],
    ids=["institution", "region"],
)
def test_view_on_site_leads_to_the_public_page(staff_client, maker, address):
    obj = maker()
    page = staff_client.get(admin_url(type(obj), "change", obj.pk)).content.decode()

    response = staff_client.get(view_on_site_link(page))

    assert response.status_code == 302
    assert response["Location"].endswith(address)


def test_view_on_site_of_a_scheme_leads_to_a_page_that_opens(staff_client):
    scheme = SchemeFactory()
    page = staff_client.get(admin_url(type(scheme), "change", scheme.pk)).content.decode()

    response = staff_client.get(view_on_site_link(page), follow=True)

    assert response.status_code == 200
    assert scheme.name in response.content.decode()


# A plan is edited with its commitments and targets


def test_a_plan_page_lists_its_commitments_in_order(staff_client):
    plan = PlanFactory()
    for position, title in [
        (3, "三是 实施品牌提升工程"),
        (1, "一是 实施党建领航工程"),
        (2, "二是 实施教师成长工程"),
    ]:
        CommitmentFactory(plan=plan, position=position, title=title)

    page = staff_client.get(admin_url(type(plan), "change", plan.pk)).content.decode()

    first, second, third = (
        page.index(title) for title in ("一是 实施党建领航工程", "二是 实施教师成长工程", "三是")
    )
    assert first < second < third


def test_a_plan_page_shows_each_targets_derived_status_read_only(staff_client):
    plan = PlanFactory()
    TargetFactory(
        plan=plan,
        position=2,
        indicator=IndicatorFactory(name="新建学校", unit="所"),
        comparator=Comparator.GTE,
        target_value=Decimal(5),
        actual=Decimal(6),
    )
    TargetFactory(
        plan=plan,
        position=1,
        indicator=IndicatorFactory(name="义务教育巩固率", unit="%"),
        comparator=Comparator.GTE,
        target_value=Decimal(100),
        baseline=Decimal(50),
        actual=Decimal(75),
    )

    page = staff_client.get(admin_url(type(plan), "change", plan.pk)).content.decode()

    # Position 1 (missed, half way from its baseline) first, then position 2 (met).
    assert column(page, "status_display") == [TargetStatus.MISSED.label, TargetStatus.MET.label]
    assert column(page, "progress_display") == ["50%", "100%"]
    assert page.index("义务教育巩固率") < page.index("新建学校")
    # Derived, so there is nothing to type in.
    assert 'name="targets-0-status' not in page
    assert 'name="targets-0-progress' not in page


def test_the_institution_page_shows_its_ratings_and_plans(staff_client):
    institution = InstitutionFactory(name="义乌市第六中学", short_name="义乌六中")
    RatingFactory(institution=institution, year=2023, stars=4, group="高中组")
    RatingFactory(institution=institution, year=2024, stars=5, group="高中组")
    PlanFactory(institution=institution, year=2024, headline="促创新 强特色 推动高质量跨越式发展")

    page = staff_client.get(admin_url(type(institution), "change", institution.pk)).content.decode()

    # Ratings (newest first), then plans: both tables have a year column.
    assert column(page, "year") == ["2024", "2023", "2024"]
    assert column(page, "stars") == ["5", "4"]
    assert column(page, "headline") == ["促创新 强特色 推动高质量跨越式发展"]


def test_admin_search_finds_an_institution_by_an_alias(staff_client):
    InstitutionFactory(name="义乌市第六中学", short_name="义乌六中", aliases="义乌县第六中学\n六中")
    InstitutionFactory(name="义乌市第七中学", short_name="义乌七中")

    response = staff_client.get(admin_url(Institution, "changelist"), {"q": "义乌县"})

    page = response.content.decode()
    assert "义乌市第六中学" in page
    assert "义乌市第七中学" not in page


def institution_form(**fields):
    data = {
        "name": "义乌市第六中学",
        "short_name": "义乌六中",
        "aliases": "",
        "slug": "",
        "kind": "school",
        "category": "senior",
        "ownership": "public",
        "is_active": "on",
        "region": RegionFactory().pk,
        "authority": "",
        "credit_code": "",
        "school_code": "",
        "source": "",
        "_save": "Save",
    }
    for prefix in ("ratings", "plans"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(fields)
    return data


def test_an_institution_added_with_a_slug_keeps_it(staff_client):
    response = staff_client.post(
        admin_url(Institution, "add"), institution_form(slug="yiwu-liuzhong")
    )

    assert response.status_code == 302
    assert Institution.objects.get().slug == "yiwu-liuzhong"


def test_adding_an_institution_without_a_slug_makes_one_from_its_short_name(staff_client):
    response = staff_client.post(admin_url(Institution, "add"), institution_form())

    assert response.status_code == 302
    assert Institution.objects.get().slug == "yi-wu-liu-zhong"


def test_an_institution_with_a_wrong_credit_code_comes_back_as_a_form_error(staff_client):
    response = staff_client.post(
        admin_url(Institution, "add"),
        institution_form(slug="yiwu-liuzhong", credit_code="11330782002609303H"),
    )

    assert response.status_code == 200
    assert (
        "The check character of this unified social credit code should be G."
        in response.content.decode()
    )
