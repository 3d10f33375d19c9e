from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from plans.models import Comparator, Plan, TargetStatus
from tests.factories import (
    AuthorityFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    TargetFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ONE_OWNER = "A plan belongs to exactly one of an institution or an authority."


def errors_of(instance):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


# Plans


def test_a_plan_belongs_to_an_institution_or_to_an_authority():
    PlanFactory().full_clean()
    PlanFactory(authority_owned=True).full_clean()


def test_the_database_refuses_a_plan_of_both_an_institution_and_an_authority():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(authority=AuthorityFactory())


def test_the_database_refuses_a_plan_without_an_owner():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(institution=None)


@pytest.mark.parametrize("owners", ["both", "neither"])
def test_a_plan_with_both_or_neither_owner_is_refused_with_a_message(owners):
    if owners == "both":
        plan = PlanFactory.build(institution=InstitutionFactory(), authority=AuthorityFactory())
    else:
        plan = PlanFactory.build(institution=None)

    assert ONE_OWNER in errors_of(plan)[NON_FIELD_ERRORS]


def test_a_plan_with_two_owners_is_told_so_once():
    plan = PlanFactory.build(institution=InstitutionFactory(), authority=AuthorityFactory())

    assert errors_of(plan)[NON_FIELD_ERRORS] == [ONE_OWNER]


def test_the_database_refuses_a_second_plan_of_an_institution_for_the_same_year():
    plan = PlanFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(institution=plan.institution, year=plan.year)


def test_published_plans_leave_out_drafts():
    published = PlanFactory(published=True)
    PlanFactory()

    assert list(Plan.objects.published()) == [published]


# Commitments


def test_the_database_refuses_two_commitments_at_the_same_position():
    commitment = CommitmentFactory(position=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(plan=commitment.plan, position=1)


def test_two_commitments_at_the_same_position_are_refused_with_a_message():
    commitment = CommitmentFactory(position=1)
    second = CommitmentFactory.build(plan=commitment.plan, position=1)

    assert errors_of(second) == {
        NON_FIELD_ERRORS: ["Another commitment of this plan has this position."]
    }


def test_different_plans_each_have_a_first_commitment():
    CommitmentFactory(position=1)
    CommitmentFactory(position=1)


def test_the_database_refuses_progress_above_100():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(progress=101)


def test_progress_above_100_is_refused_with_a_message():
    commitment = CommitmentFactory.build(plan=PlanFactory(), progress=101)

    assert errors_of(commitment) == {"progress": ["Progress is between 0 and 100."]}


def test_progress_of_100_is_accepted():
    CommitmentFactory.build(plan=PlanFactory(), progress=100, status="achieved").full_clean()


# Targets: rules


def test_the_database_refuses_a_target_value_without_a_comparator():
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(comparator="")


def test_a_target_value_without_a_comparator_is_refused_with_a_message():
    target = TargetFactory.build(plan=PlanFactory(), indicator=TargetFactory().indicator)
    target.comparator = ""

    assert errors_of(target) == {"comparator": ["A target value needs a comparator."]}


def test_the_database_refuses_a_target_without_any_figure():
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(comparator="", target_value=None, actual=None)


def test_a_target_tied_to_another_plans_commitment_is_refused():
    target = TargetFactory()
    target.commitment = CommitmentFactory()

    assert list(errors_of(target)) == ["commitment"]


# Targets: status and progress are derived


def figures(comparator, target, actual, baseline=None):
    def number(value):
        return None if value is None else Decimal(str(value))

    return TargetFactory.build(
        comparator=comparator,
        target_value=number(target),
        actual=number(actual),
        baseline=number(baseline),
    )


@pytest.mark.parametrize(
    ("comparator", "target", "actual", "baseline", "status", "progress"),
    [
        # ≥: at or above the target.
        (Comparator.GTE, 5, 6, None, TargetStatus.MET, 100),
        (Comparator.GTE, 5, 5, None, TargetStatus.MET, 100),
        (Comparator.GTE, 100, 75, None, TargetStatus.MISSED, 75),
        # With a baseline, progress is the share of the way from baseline to target.
        (Comparator.GTE, 100, 75, 50, TargetStatus.MISSED, 50),
        (Comparator.GTE, 100, 40, 50, TargetStatus.MISSED, 0),
        # ≤: at or below the target.
        (Comparator.LTE, 10, 12, None, TargetStatus.MISSED, 83),
        (Comparator.LTE, 10, 9, None, TargetStatus.MET, 100),
        (Comparator.LTE, 10, 15, 20, TargetStatus.MISSED, 50),
        # =: exactly.
        (Comparator.EQ, 10, 10, None, TargetStatus.MET, 100),
        (Comparator.EQ, 10, 8, None, TargetStatus.MISSED, 80),
        (Comparator.EQ, 10, 15, 20, TargetStatus.MISSED, 50),
        # ≈: within 5% either way.
        (Comparator.APPROX, 100, 96, None, TargetStatus.MET, 100),
        (Comparator.APPROX, 100, 105, None, TargetStatus.MET, 100),
        (Comparator.APPROX, 100, 90, None, TargetStatus.MISSED, 90),
        (Comparator.APPROX, 100, 80, 60, TargetStatus.MISSED, 50),
        # A target of 0 or below, without a baseline: missed, but how far along
        # cannot be told (a ratio of negative figures is not a share of the way).
        (Comparator.LTE, -10, -5, None, TargetStatus.MISSED, None),
        (Comparator.GTE, -5, -20, None, TargetStatus.MISSED, None),
        (Comparator.GTE, 0, -3, None, TargetStatus.MISSED, None),
        # With a baseline, such a target is measured from it.
        (Comparator.LTE, -10, -5, 0, TargetStatus.MISSED, 50),
        # Not reported yet.
        (Comparator.GTE, 100, None, 50, TargetStatus.PENDING, None),
        # A figure reported without a target.
        ("", None, 2.67, None, TargetStatus.REPORTED, None),
    ],
)
def test_status_and_progress_follow_from_the_figures(
    comparator, target, actual, baseline, status, progress
):
    target = figures(comparator, target, actual, baseline)

    assert (target.status, target.progress) == (status, progress)


def test_a_missed_target_never_shows_as_complete():
    # 99.9% of the way is still "missed", so it must not read as 100%.
    assert figures(Comparator.GTE, 1000, 999.9).progress == 99


def test_a_target_at_its_baseline_has_made_no_progress():
    assert figures(Comparator.GTE, 100, 50, baseline=50).progress == 0


def test_is_met_is_unknown_until_there_is_a_result():
    assert figures(Comparator.GTE, 5, None).is_met is None
    assert figures(Comparator.GTE, 5, 6).is_met is True
    assert figures(Comparator.GTE, 5, 4).is_met is False


def test_the_status_reads_as_a_label():
    assert figures(Comparator.GTE, 5, 6).get_status_display() == TargetStatus.MET.label


def test_a_result_that_moved_away_from_a_lower_is_better_target_has_no_progress():
    # ≤ 10 from a baseline of 8 that already met it; now 12: worse, not 99% done.
    assert figures(Comparator.LTE, 10, 12, baseline=8).progress == 0


def test_overshooting_an_exact_target_is_not_nearly_done():
    assert figures(Comparator.EQ, 100, 120).progress == 80


def test_a_commitment_with_targets_tied_to_it_cannot_move_to_another_plan():
    from django.core.exceptions import ValidationError

    from tests.factories import CommitmentFactory, PlanFactory, TargetFactory

    commitment = CommitmentFactory()
    TargetFactory(plan=commitment.plan, commitment=commitment)
    commitment.plan = PlanFactory(institution=commitment.plan.institution, year=2020)
    with pytest.raises(ValidationError) as excinfo:
        commitment.full_clean()
    assert "plan" in excinfo.value.message_dict


@pytest.mark.parametrize(
    "status, progress, fits",
    [
        ("achieved", 100, True),
        ("achieved", 0, False),
        ("planned", 0, True),
        ("planned", 100, False),
        ("planned", 40, False),
        ("in_progress", 40, True),
        ("in_progress", 100, False),
        ("partly_achieved", 60, True),
        ("not_achieved", 100, False),
        ("not_achieved", 0, True),
    ],
)
def test_a_commitments_progress_must_fit_its_status(status, progress, fits):
    from django.core.exceptions import ValidationError

    from tests.factories import CommitmentFactory

    commitment = CommitmentFactory.build(
        plan=PlanFactory(), status=status, progress=progress, position=1
    )
    if fits:
        commitment.full_clean()
    else:
        with pytest.raises(ValidationError) as excinfo:
            commitment.full_clean()
        assert list(excinfo.value.message_dict) == ["progress"]


def test_a_comparator_without_a_target_value_is_refused():
    from django.core.exceptions import ValidationError

    target = TargetFactory.build(
        plan=PlanFactory(), comparator=Comparator.LTE, target_value=None, actual=Decimal(5)
    )
    target.indicator.save()
    target.indicator_id = target.indicator.pk
    with pytest.raises(ValidationError) as excinfo:
        target.full_clean()
    assert "target_value" in excinfo.value.message_dict


def test_a_target_saved_before_the_comparator_rule_saves_unchanged():
    from plans.models import Target

    target = TargetFactory(comparator=Comparator.LTE, target_value=Decimal(5), actual=Decimal(5))
    Target.objects.filter(pk=target.pk).update(target_value=None)
    stored = Target.objects.get()
    stored.quote = "改过的原文"
    stored.full_clean()  # its figures untouched
    stored.actual = Decimal(6)
    with pytest.raises(ValidationError):
        stored.full_clean()


def test_a_commitment_saved_before_the_status_rule_saves_unchanged():
    """Progress defaulted to 0 when a clerk only set 已完成: such a commitment must not
    stop its plan from being saved until someone corrects it."""
    from plans.models import Commitment

    commitment = CommitmentFactory(status="achieved", progress=100)
    Commitment.objects.filter(pk=commitment.pk).update(progress=0)
    stored = Commitment.objects.get()
    stored.title = "改过的标题"
    stored.full_clean()  # its status and progress untouched
    stored.progress = 10
    with pytest.raises(ValidationError):
        stored.full_clean()
