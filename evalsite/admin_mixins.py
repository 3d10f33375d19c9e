"""Admin behaviour shared by ratings and plans: who may publish, and recording it;
history pages that say each change in the forms' words, and show a past version
without saving it; search boxes for related objects that ignore a key that is none."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_field, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from evalsite.figures import figure
from evalsite.history import emptied_keys
from evalsite.http import SAFE_METHODS
from institutions.models import ReadingOrder
from ratings.csvformat import stream_csv


class LabelledInlineFormSet(BaseInlineFormSet):
    """An inline formset whose duplicate-row message names the fields as the form
    labels them ("序号"), not by their code names ("plan and position"); the
    parent is left out, as every row shares it."""

    def get_unique_error_message(self, unique_check):
        names = [name for name in unique_check if name != self.fk.name]
        labels = [str(self.model._meta.get_field(name).verbose_name) for name in names]
        return gettext("Two rows have the same %(field)s: each must have its own.") % {
            "field": get_text_list(labels, gettext("and"))
        }


class PublishableAdminMixin:
    """Publish/unpublish actions and a publish checkbox only publishers may use.

    The model's app must define the `publish_<model>` permission.
    """

    publication_fields = ("is_published", "published_at", "published_by")

    def publish_permission(self):
        opts = self.model._meta
        return f"{opts.app_label}.publish_{opts.model_name}"

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(self.publish_permission())

    def has_change_permission(self, request, obj=None):
        # Published data changes only through someone who may publish: a clerk's
        # edit must not go public without review.
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        readonly += ["published_at", "published_by"]
        if not self.has_publish_permission(request, obj):
            readonly.append("is_published")
        return readonly

    def save_model(self, request, obj, form, change):
        # The form has already set is_published; record who and when through
        # publish()/unpublish() so the history shows the editor.
        wants_published = obj.is_published
        was_published = False
        if change:
            was_published = type(obj).objects.filter(pk=obj.pk, is_published=True).exists()
        if wants_published and not self.has_publish_permission(request, obj):
            wants_published = was_published
        obj.is_published = was_published
        if wants_published and not was_published:
            obj.publish(request.user)
        elif was_published and not wants_published:
            obj.unpublish(request.user)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = sum(obj.publish(request.user) for obj in queryset)
        self.message_user(
            request,
            ngettext("Published %(n)d item.", "Published %(n)d items.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        count = sum(obj.unpublish(request.user) for obj in queryset)
        self.message_user(
            request,
            ngettext("Unpublished %(n)d item.", "Unpublished %(n)d items.", count) % {"n": count},
            messages.SUCCESS,
        )


class ShownThroughPublishedMixin:
    """For records the public site shows through published ones (a plan's
    commitments and targets, the indicators and sources they cite): once such a
    record is public, only someone who may publish changes or deletes it, as for
    the published record itself, and a clerk cannot add an item to a published
    plan.

    Subclasses say when a record is public (`is_public`) and, where the form
    picks a parent, which field names it (`parent_field`).
    """

    publish_permission = "plans.publish_plan"
    parent_field = None

    def may_publish(self, request):
        return request.user.has_perm(self.publish_permission)

    def is_public(self, obj):
        raise NotImplementedError

    def locked(self, request, obj):
        """Whether `obj` is public and this user may not publish. The admin asks
        several times while building one page: the answer is kept on the object."""
        if obj is None or self.may_publish(request):
            return False
        if not hasattr(obj, "_shown_publicly"):
            obj._shown_publicly = self.is_public(obj)
        return obj._shown_publicly

    def has_change_permission(self, request, obj=None):
        return not self.locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.locked(request, obj) and super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if self.parent_field is None or self.may_publish(request):
            return form
        parent_field = self.parent_field

        class DraftParentOnly(form):
            def clean(self):
                cleaned = super().clean()
                parent = cleaned.get(parent_field)
                if parent is not None and parent.is_published:
                    self.add_error(
                        parent_field,
                        ValidationError(
                            _(
                                "This plan is published: only a reviewer may add to or "
                                "change its items."
                            ),
                            code="published_parent",
                        ),
                    )
                return cleaned

        return DraftParentOnly


class ExportCsvMixin:
    """A reviewer-only action exporting ratings in the award-list CSV format, streamed.

    With "select all" it exports every row of the current filter.
    """

    def has_export_permission(self, request):
        return request.user.has_perm("ratings.export_rating")

    def ratings_to_export(self, queryset):
        raise NotImplementedError

    @admin.action(description=_("Export ratings as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        ratings = self.ratings_to_export(queryset).order_by(
            "-year", ReadingOrder("institution__reading_key"), "scheme__name"
        )
        response = StreamingHttpResponse(
            stream_csv(ratings), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="ratings-{stamp}.csv"'
        return response


class ReadableChanges(HistoricalRecordContextHelper):
    """A history's changes in the words the admin's forms use: a choice by its label,
    yes or no, a figure as the source wrote it, a date as the page's language writes
    it, "—" for nothing (django-simple-history shows stored values: school, False,
    2.6700, None)."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        if isinstance(field, models.BooleanField):
            return gettext("Yes") if value else gettext("No")
        if isinstance(field, models.DecimalField):
            return figure(value)
        if isinstance(value, DeletedObject):
            # A key that was empty is no deleted object (django-simple-history
            # called it "Deleted authority (pk=None)"), and one that was is said
            # in the page's language.
            if value.pk is None:
                return "—"
            return gettext("deleted %(model)s (no. %(pk)s)") % {
                "model": value.model._meta.verbose_name,
                "pk": value.pk,
            }
        if value is None or value == "":
            return "—"
        return display_for_field(value, field, "—")


# The keys a database's integer columns hold (SQLite raises OverflowError beyond).
MAX_KEY = 2**63 - 1


def is_key(field, value):
    """Whether `value` could be a key of `field` (a model's primary key field)."""
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    return not isinstance(key, int) or -MAX_KEY <= key <= MAX_KEY


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's search box for a related object, which showed a server error for a
    value that is no key (?institution=abc in an add page's address, or a forged
    form): such a value selects nothing, and the form says the choice is invalid."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        value = [v for v in value if v in (None, "") or is_key(target, v)]
        return super().optgroups(name, value, attr)


class CheckedKeysMixin:
    """Admin (and inline) search boxes for related objects as CheckedAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EmptiedKeysNoted:
    """Delete confirmations that also say which records the deletion leaves without
    the key that pointed at it (ratings citing a source, targets tied to a
    commitment, ratings a user published), as Django's list only what it deletes."""

    delete_confirmation_template = "admin/delete_emptying_keys.html"
    delete_selected_confirmation_template = "admin/delete_selected_emptying_keys.html"

    def get_deleted_objects(self, objs, request):
        # Both confirmations (one object, or those selected in the list) ask this,
        # and so does the deletion they post ("post": yes), which shows nothing.
        if not request.POST.get("post"):
            request.emptied_keys = emptied_by_deleting(self.model, objs)
        return super().get_deleted_objects(objs, request)


def emptied_by_deleting(model, objs):
    """Lines saying how many records of each kind deleting `objs` (of `model`) leaves
    without their key; one count query per such key."""
    lines = []
    for related, key in emptied_keys(model):
        count = related._default_manager.filter(**{f"{key}__in": objs}).count()
        if count:
            lines.append(
                ngettext(
                    "%(count)d %(model)s will no longer have its %(field)s (its history "
                    "will say so).",
                    "%(count)d %(models)s will no longer have their %(field)s (their "
                    "history will say so).",
                    count,
                )
                % {
                    "count": count,
                    "model": related._meta.verbose_name,
                    "models": related._meta.verbose_name_plural,
                    "field": related._meta.get_field(key).verbose_name,
                }
            )
    return lines


class FieldErrorsFirstForm(forms.ModelForm):
    """A model form that leaves out the model's own checks' error for a field whose
    value the field already refused: a target typed as "1,000" reaches the model as
    no target, and "give a target value" beside "enter a number" misleads."""

    def add_error(self, field, error):
        if field is None and hasattr(error, "error_dict"):  # the model's checks'
            kept = {name: e for name, e in error.error_dict.items() if name not in self._errors}
            if not kept:
                return
            error = ValidationError(kept)
        super().add_error(field, error)


class EntryFormsMixin(CheckedKeysMixin):
    """The data-entry forms of the site's admins: search boxes for related objects
    that ignore a value that is no key, and a field's own error before the model's."""

    form = FieldErrorsFirstForm


class ReadableHistoryAdmin(EntryFormsMixin, SimpleHistoryAdmin):
    """The admin's history pages, with each change said as ReadableChanges says it.

    A past version is shown, never saved: reverting is off
    (SIMPLE_HISTORY_REVERT_DISABLED), yet django-simple-history saves a form posted to
    a version's page, checking only the permission to view it, and that against the
    old version (a clerk could have changed published data that way)."""

    object_history_form_template = "simple_history/readable_history_form.html"

    def history_view(self, request, object_id, extra_context=None):
        if not is_key(self.model._meta.pk, unquote(object_id)):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in SAFE_METHODS:
            raise PermissionDenied
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        if not (
            is_key(self.model._meta.pk, unquote(object_id))
            and is_key(history.model._meta.pk, version_id)
        ):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)
