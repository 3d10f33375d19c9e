from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from evalsite.admin_mixins import (
    EmptiedKeysNoted,
    EntryFormsMixin,
    ExportCsvMixin,
    FieldErrorsFirstForm,
    ReadableHistoryAdmin,
    ShownThroughPublishedMixin,
)
from institutions.models import (
    ADDRESS_MESSAGE,
    Authority,
    Institution,
    ReadingOrder,
    Region,
    Source,
)
from plans.models import Plan
from ratings import admin_import
from ratings.models import AwardEvent, Rating, Scheme


@admin.register(Source)
class SourceAdmin(EmptiedKeysNoted, ShownThroughPublishedMixin, EntryFormsMixin, admin.ModelAdmin):
    # A link typed without a scheme is taken as https:// (Django 6's default too).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "publisher", "date", "index_number"]
    list_filter = ["publisher"]
    search_fields = ["title", "publisher", "index_number"]
    date_hierarchy = "date"

    def is_public(self, obj):
        """Cited on a public page: by an institution, a bureau, a scheme or an award
        (always shown), or by a published rating or plan."""
        always_shown = [Institution, Authority, Scheme, AwardEvent]
        if any(model.objects.filter(source=obj).exists() for model in always_shown):
            return True
        return any(
            model.objects.filter(source=obj, is_published=True).exists() for model in (Rating, Plan)
        )


@admin.register(Region)
class RegionAdmin(EntryFormsMixin, admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Authority)
class AuthorityAdmin(ReadableHistoryAdmin):
    list_display = ["name", "short_name", "region", "sector"]
    list_filter = ["sector", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "short_name", "region__name"]
    autocomplete_fields = ["region", "source"]


class ListedRowForm(forms.ModelForm):
    def _post_clean(self):
        # Nothing is edited in the list: a row is checked, and saved, on its own page.
        pass


class LinkedListInline(admin.TabularInline):
    """An institution's ratings or plans, listed read-only, each linking to its own page."""

    form = ListedRowForm
    ordering = ["-year"]
    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class RatingInline(LinkedListInline):
    model = Rating
    fields = ["year", "scheme", "stars", "group", "is_published"]
    verbose_name_plural = _("ratings")


class PlanInline(LinkedListInline):
    model = Plan
    fk_name = "institution"
    fields = ["year", "kind", "headline", "is_published"]
    verbose_name_plural = _("plans")


class InstitutionForm(FieldErrorsFirstForm):
    class Meta:
        # The form's own field says it as the model does (not Django's "字段").
        error_messages = {"slug": {"invalid": ADDRESS_MESSAGE}}


@admin.register(Institution)
class InstitutionAdmin(ExportCsvMixin, ReadableHistoryAdmin):
    form = InstitutionForm
    list_display = [
        "official_name",
        "short_name",
        "kind",
        "category",
        "region",
        "authority",
        "is_active",
    ]
    list_filter = ["kind", "category", "ownership", "is_active", "region"]
    list_select_related = ["region", "authority"]
    search_fields = ["name", "short_name", "aliases", "slug", "credit_code", "school_code"]
    autocomplete_fields = ["region", "authority", "source"]
    readonly_fields = ["updated_at"]
    inlines = [RatingInline, PlanInline]
    actions = ["export_csv"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "aliases", "slug"]}),
        (_("Classification"), {"fields": ["kind", "category", "ownership", "is_active"]}),
        (_("Where"), {"fields": ["region", "authority"]}),
        (_("Official identifiers"), {"fields": ["credit_code", "school_code"]}),
        (_("Source"), {"fields": ["source", "updated_at"]}),
    ]

    def get_urls(self):
        return [*admin_import.urls(self, admin_import.INSTITUTIONS), *super().get_urls()]

    @admin.display(
        description=Institution._meta.get_field("name").verbose_name,
        ordering=ReadingOrder("reading_key"),  # sorted by the column: pinyin, as by default
    )
    def official_name(self, institution):
        return institution.name

    def ratings_to_export(self, queryset):
        return Rating.objects.filter(institution__in=queryset)

    def get_readonly_fields(self, request, obj=None):
        # The slug is a public address: set once, then stable.
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("slug")
        return readonly
