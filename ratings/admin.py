from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from evalsite.admin_mixins import (
    EmptiedKeysNoted,
    ExportCsvMixin,
    PublishableAdminMixin,
    ReadableHistoryAdmin,
)
from ratings import admin_import
from ratings.models import AwardEvent, Rating, RatingImportFile, Scheme


@admin.register(Scheme)
class SchemeAdmin(ReadableHistoryAdmin):
    list_display = ["name", "operator", "region", "kind", "max_stars"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "operator"]
    autocomplete_fields = ["region", "source"]


@admin.register(AwardEvent)
class AwardEventAdmin(EmptiedKeysNoted, ReadableHistoryAdmin):
    list_display = ["name", "date", "region", "schools_commended", "health_commended"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["region", "source"]
    date_hierarchy = "date"


class NumberFilter(admin.SimpleListFilter):
    """A filter on a whole-number field; any other value in the address is refused
    the way the admin refuses a bad lookup (the list again, with "?e=1")."""

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not (value.isascii() and value.isdigit()):
            raise IncorrectLookupParameters(value)
        return queryset.filter(**{self.parameter_name: int(value)})


class YearFilter(NumberFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in Rating.objects.years()]


class StarsFilter(NumberFilter):
    title = _("stars")
    parameter_name = "stars"

    def lookups(self, request, model_admin):
        return [(str(n), "★" * n) for n in range(5, 0, -1)]


@admin.register(Rating)
class RatingAdmin(ExportCsvMixin, PublishableAdminMixin, ReadableHistoryAdmin):
    list_display = [
        "institution",
        "year",
        "stars",
        "group",
        "scheme",
        "is_published",
        "published_at",
    ]
    # Filters whose choices need no scan of every rating (the table grows large).
    list_filter = ["is_published", YearFilter, StarsFilter, "scheme", "institution__kind"]
    show_full_result_count = False
    list_select_related = ["institution", "scheme"]
    search_fields = [
        "institution__name",
        "institution__short_name",
        "institution__aliases",
        "group",
    ]
    autocomplete_fields = ["institution", "scheme", "award_event", "source"]
    actions = ["publish_selected", "unpublish_selected", "export_csv"]
    fields = [
        "institution",
        "scheme",
        "year",
        "stars",
        "group",
        "award_event",
        "source",
        "note",
        "is_published",
        "published_at",
        "published_by",
    ]

    def get_urls(self):
        return [
            *admin_import.urls(self, admin_import.RATINGS),
            *super().get_urls(),
        ]

    def ratings_to_export(self, queryset):
        return queryset


@admin.register(RatingImportFile)
class RatingImportFileAdmin(admin.ModelAdmin):
    list_display = ["filename", "subject", "uploaded_by", "uploaded_at", "applied_at", "outcome"]
    list_filter = ["subject"]
    list_select_related = ["uploaded_by"]
    search_fields = ["filename"]
    fields = [
        "filename",
        "subject",
        "encoding",
        "uploaded_by",
        "uploaded_at",
        "applied_at",
        "outcome",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The import log is for those who may import.
        return request.user.has_perm("ratings.import_rating") or super().has_view_permission(
            request, obj
        )
