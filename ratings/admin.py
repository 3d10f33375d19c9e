from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evalsite.admin_mixins import PublishableAdminMixin
from ratings.models import AwardEvent, Rating, Scheme


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "operator", "region", "kind", "max_stars"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "operator"]
    autocomplete_fields = ["region", "source"]


@admin.register(AwardEvent)
class AwardEventAdmin(SimpleHistoryAdmin):
    list_display = ["name", "date", "region", "schools_commended", "health_commended"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["region", "source"]
    date_hierarchy = "date"


@admin.register(Rating)
class RatingAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "institution",
        "year",
        "stars",
        "group",
        "scheme",
        "is_published",
        "published_at",
    ]
    list_filter = ["is_published", "year", "stars", "scheme", "institution__kind", "group"]
    list_select_related = ["institution", "scheme"]
    search_fields = [
        "institution__name",
        "institution__short_name",
        "institution__aliases",
        "group",
    ]
    autocomplete_fields = ["institution", "scheme", "award_event", "source"]
    actions = ["publish_selected", "unpublish_selected"]
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
