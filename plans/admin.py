from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from evalsite.admin_mixins import (
    EmptiedKeysNoted,
    EntryFormsMixin,
    LabelledInlineFormSet,
    PublishableAdminMixin,
    ReadableHistoryAdmin,
    ShownThroughPublishedMixin,
)
from evalsite.figures import FIGURE_FIELDS, figure
from plans.models import Commitment, Indicator, Plan, Target


class CommitmentInline(EntryFormsMixin, admin.StackedInline):
    model = Commitment
    formset = LabelledInlineFormSet
    fields = [
        ("position", "title", "theme"),
        "text",
        ("status", "progress", "progress_date"),
        "progress_note",
    ]
    ordering = ["position"]
    extra = 0


class TargetInline(EntryFormsMixin, admin.TabularInline):
    model = Target
    formfield_overrides = FIGURE_FIELDS
    formset = LabelledInlineFormSet
    fields = [
        "position",
        "indicator",
        "commitment",
        "comparator",
        "target_value",
        "baseline",
        "actual",
        "actual_date",
        "status_display",
        "progress_display",
    ]
    readonly_fields = ["status_display", "progress_display"]
    autocomplete_fields = ["indicator"]
    ordering = ["position", "pk"]
    extra = 0

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.get_status_display() if obj.pk else "—"

    @admin.display(description=_("progress"))
    def progress_display(self, obj):
        return "—" if obj.progress is None else f"{obj.progress}%"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only this plan's commitments.
        if db_field.name == "commitment":
            plan_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Commitment.objects.filter(plan_id=plan_id or None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def figure_column(field, description):
    """A list column showing a stored figure as the source wrote it (2.67, not 2.6700)."""

    @admin.display(description=description, ordering=field)
    def column(self, obj):
        return figure(getattr(obj, field))

    return column


class InstitutionKindFilter(admin.ChoicesFieldListFilter):
    """The owner's kind, titled apart from the plan's own kind (plan or report)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("kind of institution")


@admin.register(Plan)
class PlanAdmin(PublishableAdminMixin, ReadableHistoryAdmin):
    list_display = ["headline", "owner_display", "year", "kind", "is_published", "updated_at"]
    list_filter = ["is_published", "year", "kind", ("institution__kind", InstitutionKindFilter)]
    list_select_related = ["institution", "authority"]
    search_fields = [
        "headline",
        "summary",
        "institution__name",
        "institution__short_name",
        "institution__aliases",
        "authority__name",
    ]
    autocomplete_fields = ["institution", "authority", "source"]
    actions = ["publish_selected", "unpublish_selected"]
    inlines = [CommitmentInline, TargetInline]
    fields = [
        ("institution", "authority"),
        ("year", "kind"),
        "headline",
        "summary",
        "source",
        ("is_published", "published_at", "published_by"),
    ]

    @admin.display(description=_("owner"))
    def owner_display(self, obj):
        return obj.owner


@admin.register(Commitment)
class CommitmentAdmin(EmptiedKeysNoted, ShownThroughPublishedMixin, ReadableHistoryAdmin):
    list_display = ["title", "plan", "position", "status", "progress"]
    list_filter = ["status", "plan__year"]
    list_select_related = ["plan", "plan__institution", "plan__authority"]
    search_fields = ["title", "text", "plan__headline", "plan__institution__name"]
    autocomplete_fields = ["plan"]
    parent_field = "plan"

    def is_public(self, obj):
        return obj.plan.is_published


@admin.register(Indicator)
class IndicatorAdmin(ShownThroughPublishedMixin, EntryFormsMixin, admin.ModelAdmin):
    list_display = ["name", "unit", "higher_is_better"]
    list_filter = ["unit", "higher_is_better"]
    search_fields = ["name", "unit"]

    def is_public(self, obj):
        # Its name and unit show wherever a published plan's target measures it.
        return obj.targets.filter(plan__is_published=True).exists()


@admin.register(Target)
class TargetAdmin(ShownThroughPublishedMixin, ReadableHistoryAdmin):
    formfield_overrides = FIGURE_FIELDS
    list_display = [
        "indicator",
        "plan",
        "comparator",
        "target_display",
        "baseline_display",
        "actual_display",
        "status_display",
        "progress_display",
    ]
    list_filter = ["comparator", "plan__year", "indicator__unit"]
    list_select_related = ["indicator", "plan", "plan__institution", "plan__authority"]
    search_fields = ["indicator__name", "quote", "plan__headline"]
    autocomplete_fields = ["plan", "commitment", "indicator"]
    readonly_fields = ["status_display", "progress_display"]
    parent_field = "plan"

    def is_public(self, obj):
        return obj.plan.is_published

    target_display = figure_column("target_value", _("target"))
    baseline_display = figure_column("baseline", _("baseline"))
    actual_display = figure_column("actual", _("actual"))

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("progress"))
    def progress_display(self, obj):
        return "—" if obj.progress is None else f"{obj.progress}%"
