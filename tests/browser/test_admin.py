"""The admin works in a real browser under the site's Content-Security-Policy."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def reviewer(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "shenhe", password="a-long-password-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="审核员"))
    return user


def test_a_reviewer_logs_in_and_edits_a_plan_with_its_inlines(page, site, reviewer):
    page.goto(site("/admin/login/?next=/admin/"))
    page.fill("#id_username", "shenhe")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(site("/admin/plans/plan/"))
    page.click("text=争当浙江省现代化示范性学校")
    page.wait_for_load_state()
    titles = page.locator("input[name$='-title']").evaluate_all("els => els.map(e => e.value)")
    assert "聚焦党建创新" in titles
    # the inline's "add another" link is drawn by the admin's own script
    assert page.locator(".add-row a").count() >= 1
    page.goto(site("/admin/ratings/rating/add/"))
    # autocomplete widgets (select2, the admin's own copy) load under the CSP
    assert page.locator(".select2-container").count() >= 1
