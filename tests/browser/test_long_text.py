"""Data with a long run of Latin text and no spaces (a web address a clerk pasted
into a plan's headline, an English title) wraps on a phone's screen instead of
making the whole page wider than it."""

import pytest

from institutions.models import Institution
from tests.factories import CommitmentFactory, PlanFactory, RatingFactory

pytestmark = pytest.mark.browser

ADDRESS = "https://www.yiwu.gov.cn/art/2024/2/21/art_1229187598_59513470.html"


@pytest.mark.parametrize("path", ["/institutions/{slug}/", "/awards/2023/"])
def test_a_long_address_in_a_plan_does_not_widen_the_page_on_a_phone(page, site, path):
    institution = Institution.objects.get(slug="xiuhu-zhongxue")
    RatingFactory(institution=institution, year=2023, published=True)
    plan = PlanFactory(institution=institution, year=2023, headline=ADDRESS, published=True)
    CommitmentFactory(plan=plan, title="Implement_the_SmartCampusProgramme_2023_PhaseOne_Pilot")
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(site(path.format(slug=institution.slug)))
    assert page.get_by_text(ADDRESS).first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px screen"
