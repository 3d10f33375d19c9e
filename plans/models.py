from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from evalsite.changes import RemembersLoadedValues
from evalsite.choices import ChoiceLabel
from evalsite.figures import figure as format_figure
from evalsite.history import deleted_for_itself
from evalsite.publication import Publishable, PublishableQuerySet
from institutions.models import Authority, Institution, Source


class PlanQuerySet(PublishableQuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def of_institutions(self):
        return self.filter(institution__isnull=False)


class Plan(Publishable):
    """A yearly plan (or a year's report of results) of an institution or an authority."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("plan")
        REPORT = "report", _("report of results")

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plans",
    )
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("authority"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.PLAN)
    get_kind_display = ChoiceLabel(Kind)
    headline = models.CharField(_("headline"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "kind", "pk"]
        permissions = [("publish_plan", _("Can publish and unpublish plans"))]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(institution__isnull=False, authority__isnull=True)
                    | Q(institution__isnull=True, authority__isnull=False)
                ),
                name="plan_exactly_one_owner",
                violation_error_message=_(
                    "A plan belongs to exactly one of an institution or an authority."
                ),
            ),
            models.UniqueConstraint(
                fields=["institution", "year", "kind"],
                condition=Q(institution__isnull=False),
                name="plan_one_per_institution_year_kind",
                violation_error_message=_(
                    "This institution already has a plan of this type for this year."
                ),
            ),
            models.UniqueConstraint(
                fields=["authority", "year", "kind"],
                condition=Q(authority__isnull=False),
                name="plan_one_per_authority_year_kind",
                violation_error_message=_(
                    "This authority already has a plan of this type for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949, year__lte=2100),
                name="plan_year_plausible",
                violation_error_message=_("The year must be between 1949 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.owner} · {self.year} · {self.headline}"

    @property
    def owner(self):
        # "Exactly one owner" is reported by the plan_exactly_one_owner constraint.
        return self.institution if self.institution_id else self.authority


class Commitment(RemembersLoadedValues, models.Model):
    """One numbered item of a plan (一是…, 二是…)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        ACHIEVED = "achieved", _("achieved")
        PARTLY_ACHIEVED = "partly_achieved", _("partly achieved")
        NOT_ACHIEVED = "not_achieved", _("not achieved")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="commitments"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("full text"), blank=True)
    theme = models.CharField(_("theme"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    get_status_display = ChoiceLabel(Status)  # a badge per commitment
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.TextField(_("progress note"), blank=True)
    progress_date = models.DateField(_("progress as of"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"],
                name="commitment_unique_position",
                violation_error_message=_("Another commitment of this plan has this position."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="commitment_progress_0_to_100",
                violation_error_message=_("Progress is between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def clean(self):
        if self.progress is not None and not 0 <= self.progress <= 100:
            raise ValidationError({"progress": _("Progress is between 0 and 100.")})
        problem = self.has_changed("status", "progress") and self.status_problem()
        if problem:
            raise ValidationError({"progress": problem})
        if (
            self.pk
            and self.plan_id
            and self.has_changed("plan_id")
            and self.moved_from_its_targets()
        ):
            raise ValidationError(
                {
                    "plan": _(
                        "Targets of this commitment's plan are tied to it: it cannot move to "
                        "another plan. Untie them (or move them) first."
                    )
                }
            )

    def status_problem(self):
        """Why the progress contradicts the status, or None."""
        if self.progress is None or not self.status:
            return None
        if self.status == self.Status.ACHIEVED and self.progress != 100:
            return _("An achieved commitment's progress is 100.")
        if self.status == self.Status.PLANNED and self.progress != 0:
            return _(
                "A planned commitment's progress is 0: once begun, its status is “in progress”."
            )
        if self.status not in (self.Status.ACHIEVED, self.Status.PLANNED) and self.progress == 100:
            return _(
                "A commitment whose progress is 100 is achieved: set its status to “achieved”."
            )
        return None

    def moved_from_its_targets(self):
        """Whether targets tied to this commitment belong to a plan other than the one
        it is now given (a target's commitment is one of its own plan's)."""
        return self.targets.exclude(plan_id=self.plan_id).exists()


class Indicator(models.Model):
    """What a target measures, in the unit the source uses."""

    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["name", "unit"], name="indicator_unique_name_unit"),
        ]

    def __str__(self):
        return f"{self.name}（{self.unit}）" if self.unit else self.name


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"
    EQ = "eq", "="
    APPROX = "approx", "≈"


class TargetStatus(models.TextChoices):
    MET = "met", _("met")
    MISSED = "missed", _("missed")
    PENDING = "pending", _("pending")
    REPORTED = "reported", _("result only")


# "≈" counts as met within this relative distance of the target.
APPROX_TOLERANCE = Decimal("0.05")


class Target(RemembersLoadedValues, models.Model):
    """A figure of a plan: what was aimed at, from where, and what was reached.

    Whether it is met and how far along it is are derived (`status`, `progress`),
    never stored.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    comparator = models.CharField(
        _("comparator"), max_length=8, choices=Comparator.choices, blank=True
    )
    get_comparator_display = ChoiceLabel(Comparator)
    target_value = models.DecimalField(
        _("target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    baseline_label = models.CharField(
        _("baseline label"), max_length=50, blank=True, help_text=_("e.g. 2021年")
    )
    actual = models.DecimalField(
        _("actual"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    actual_date = models.DateField(_("actual as of"), null=True, blank=True)
    quote = models.TextField(_("source wording"), blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | ~Q(comparator=""),
                name="target_value_needs_comparator",
                violation_error_message=_("A target value needs a comparator."),
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=False) | Q(actual__isnull=False),
                name="target_has_a_figure",
                violation_error_message=_("Give a target value, an actual value, or both."),
            ),
        ]

    def __str__(self):
        figure = self.target_value if self.target_value is not None else self.actual
        comparator = self.get_comparator_display() if self.target_value is not None else "="
        return f"{self.indicator.name} {comparator} {format_figure(figure)}"

    def clean(self):
        errors = {}
        if self.target_value is not None and not self.comparator:
            errors["comparator"] = _("A target value needs a comparator.")
        if (
            self.comparator
            and self.target_value is None
            and self.actual is not None
            and self.has_changed("comparator", "target_value", "actual")
        ):
            errors["target_value"] = _(
                "A comparator compares the actual value with a target value: give the "
                "target value, or leave the comparator empty for a figure reported alone."
            )
        if self.target_value is None and self.actual is None:
            errors["target_value"] = _("Give a target value, an actual value, or both.")
        if self.commitment_id and self.plan_id and self.commitment.plan_id != self.plan_id:
            errors["commitment"] = _("This commitment belongs to another plan.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_met(self):
        if self.target_value is None or self.actual is None:
            return None
        target, actual = self.target_value, self.actual
        if self.comparator == Comparator.GTE:
            return actual >= target
        if self.comparator == Comparator.LTE:
            return actual <= target
        if self.comparator == Comparator.EQ:
            return actual == target
        if self.comparator == Comparator.APPROX:
            return abs(actual - target) <= abs(target) * APPROX_TOLERANCE
        return None

    @property
    def status(self):
        if self.target_value is None:
            return TargetStatus.REPORTED if self.actual is not None else TargetStatus.PENDING
        met = self.is_met
        if met is None:
            return TargetStatus.PENDING
        return TargetStatus.MET if met else TargetStatus.MISSED

    def get_status_display(self):
        return self.status.label

    @property
    def progress(self):
        """Percent of the way to the target (0–100), or None when it cannot be told.

        100 only when met. From the baseline when there is one (a result that
        moved away from the target, or a baseline that already met it while the
        result does not, is 0); for = and ≈ without a baseline, how close the
        result is; overshooting an = counts as far from the target as falling short.
        """
        if self.target_value is None or self.actual is None:
            return None
        if self.is_met:
            return 100
        target, actual, baseline = self.target_value, self.actual, self.baseline
        if self.comparator in (Comparator.EQ, Comparator.APPROX):
            if baseline is not None and baseline != target:
                share = (actual - baseline) / (target - baseline)
                if share > 1:
                    share = 2 - share  # overshot: as far past the target as short of it
            elif target:
                share = 1 - abs(actual - target) / abs(target)
            else:
                return 0
        elif baseline is not None and baseline != target:
            lower = self.comparator == Comparator.LTE
            if (baseline <= target) if lower else (baseline >= target):
                return 0
            share = (actual - baseline) / (target - baseline)
        elif target <= 0:
            # Without a baseline the way is measured from 0, which a target of 0 or
            # below (≤ -10, ≥ -5) is not beyond: how far along cannot be told.
            return None
        elif self.comparator == Comparator.LTE:
            share = target / actual if actual > 0 else Decimal(0)
        else:
            share = actual / target
        return max(0, min(99, int(share * 100)))


@receiver([post_save, post_delete], sender=Commitment)
@receiver([post_save, post_delete], sender=Target)
def plan_updated(sender, instance, signal, raw=False, origin=None, **kwargs):
    """A commitment or target added, changed (its progress, an actual figure) or
    deleted, on its own page too, updates its plan's "last updated", which the public
    pages show; one query. Not when loading fixtures, nor when it goes with its plan
    (the plan deleted, or its institution or bureau)."""
    if raw or (signal is post_delete and not deleted_for_itself(sender, instance, origin)):
        return
    Plan.objects.filter(pk=instance.plan_id).update(updated_at=timezone.now())
