"""An institution's page says when what it shows was last updated."""

import datetime
import re

import pytest
from django.utils import timezone

from institutions.models import Institution
from plans.models import Commitment, Plan, Target
from tests.factories import CommitmentFactory, PlanFactory, TargetFactory
from tests.test_roles import commitment_form, url

pytestmark = pytest.mark.django_db


def last_updated(client, institution):
    html = client.get(f"/institutions/{institution.slug}/").content.decode()
    return re.search(r'<dt>Last updated</dt><dd><time datetime="([^"]+)"', html).group(1)


@pytest.fixture
def month_old_plan():
    plan = PlanFactory(published=True)
    CommitmentFactory(plan=plan)
    TargetFactory(plan=plan, actual=None)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Plan.objects.update(updated_at=month_ago)
    Institution.objects.update(updated_at=month_ago)
    return plan


@pytest.mark.parametrize("change", ["commitment", "target", "deleted target"])
def test_a_plans_commitment_or_target_changed_on_its_own_page_updates_the_date(
    client, reviewer_user, month_old_plan, change
):
    institution = month_old_plan.institution
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = last_updated(client, institution)

    client.force_login(reviewer_user)
    commitment = month_old_plan.commitments.get()
    target = month_old_plan.targets.get()
    if change == "commitment":
        client.post(
            url(Commitment, "change", commitment.pk),
            commitment_form(commitment, status="in_progress", progress=50),
        )
    elif change == "target":
        target.actual = 60  # as its page or an import would
        target.save()
    else:
        client.post(url(Target, "delete", target.pk), {"post": "yes"})
    client.logout()

    assert before < last_updated(client, institution)
    assert last_updated(client, institution)[:10] == timezone.localdate().isoformat()
