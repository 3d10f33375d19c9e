"""The admin that bureau staff enter data in: every page opens, and shows what it should."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

from evalsite.roles import DATA_ENTRY
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

pytestmark = pytest.mark.django_db

# One way to make an object of each registered model. A model registered
# without an entry here fails test_every_change_page_renders: add one.
MAKERS = {
    "auth.user": lambda: Group.objects.get(name=DATA_ENTRY).user_set.model.objects.create_user(
        "zhangsan"
    ),
    "auth.group": lambda: Group.objects.get(name=DATA_ENTRY),
    "institutions.source": SourceFactory,
    "institutions.region": RegionFactory,
    "institutions.authority": AuthorityFactory,
    "institutions.institution": InstitutionFactory,
    "ratings.scheme": SchemeFactory,
    "ratings.awardevent": AwardEventFactory,
    "ratings.rating": RatingFactory,
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


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    # Ask for English so assertions can quote messages as the code writes them.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_every_model_is_registered():
    assert set(MAKERS) <= {label(model) for model in REGISTERED}


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_changelist_renders_with_a_row(staff_client, model):
    MAKERS[label(model)]()

    response = staff_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_add_page_renders(staff_client, model):
    response = staff_client.get(admin_url(model, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_every_change_page_renders(staff_client, model):
    obj = MAKERS[label(model)]()

    response = staff_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert str(obj) in response.content.decode()


def _public_url_exists(name, arg):
    try:
        reverse(name, args=[arg])
    except NoReverseMatch:
        return False
    return True


@pytest.mark.skipif(
    not _public_url_exists("institution", "x") or not _public_url_exists("region", "330782"),
    reason="the public pages (URL names 'institution', 'region') are not written yet",
)
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
    change_page = staff_client.get(admin_url(type(obj), "change", obj.pk))
    view_on_site = change_page.context["adminform"].model_admin.get_view_on_site_url(obj)

    response = staff_client.get(view_on_site)

    assert response.status_code == 302
    assert response["Location"].endswith(address)


@pytest.mark.skipif(
    not _public_url_exists("scheme", 1),
    reason="the public pages (URL name 'scheme') are not written yet",
)
def test_view_on_site_of_a_scheme_leads_to_a_page_that_opens(staff_client):
    scheme = SchemeFactory()
    view_on_site = admin.site._registry[type(scheme)].get_view_on_site_url(scheme)

    response = staff_client.get(view_on_site, follow=True)

    assert response.status_code == 200
    assert scheme.name in response.content.decode()


# A plan is edited with its commitments and targets


def test_a_plan_page_lists_its_commitments_in_order(staff_client):
    plan = PlanFactory()
    for position, title in [(3, "三是 实施品牌提升工程"), (1, "一是 实施党建领航工程"),
                            (2, "二是 实施教师成长工程")]:  # fmt: skip
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

    # Position 1 (missed, half way from the baseline) comes first, then position 2 (met).
    missed = page.index(f'<td class="field-status_display"><p>{TargetStatus.MISSED.label}</p>')
    met = page.index(f'<td class="field-status_display"><p>{TargetStatus.MET.label}</p>')
    assert missed < met
    assert '<td class="field-progress_display"><p>50%</p>' in page
    assert page.index("义务教育巩固率") < page.index("新建学校")
    # Derived, so there is nothing to type in.
    assert 'name="targets-0-status' not in page
    assert 'name="targets-0-progress' not in page


def test_the_institution_page_shows_its_ratings_and_plans(staff_client):
    institution = InstitutionFactory(name="义乌市第六中学", short_name="义乌六中")
    RatingFactory(institution=institution, year=2023, stars=4, group="高中组")
    RatingFactory(institution=institution, year=2024, stars=5, group="高中组")
    PlanFactory(institution=institution, year=2024, headline="促创新 强特色 推动高质量跨越式发展")

    response = staff_client.get(admin_url(type(institution), "change", institution.pk))

    ratings = [row.instance for row in response.context["inline_admin_formsets"][0]]
    assert [(r.year, r.stars) for r in ratings] == [(2024, 5), (2023, 4)]
    page = response.content.decode()
    assert "高中组" in page
    assert "促创新 强特色 推动高质量跨越式发展" in page


def test_admin_search_finds_an_institution_by_an_alias(staff_client):
    InstitutionFactory(name="义乌市第六中学", short_name="义乌六中", aliases="义乌县第六中学\n六中")
    InstitutionFactory(name="义乌市第七中学", short_name="义乌七中")

    response = staff_client.get(admin_url(InstitutionFactory._meta.model, "changelist"), {"q": "义乌县"})

    page = response.content.decode()
    assert "义乌市第六中学" in page
    assert "义乌市第七中学" not in page
