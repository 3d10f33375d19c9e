"""Admin pages to import ratings from CSV or Excel: upload → preview of every change →
confirm."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ratings.importer import IMPORT_MAX_BYTES, ImportFailed, RatingImport, summarise
from ratings.models import RatingImportFile

ENCODINGS = [
    ("", gettext_lazy("Detect (UTF-8 or GB18030)")),
    ("utf-8", "UTF-8"),
    ("gb18030", "GB18030 / GBK"),
]


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file or Excel workbook (.xlsx)"))
    # A workbook has its own encoding; this is a CSV file's.
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV file"), choices=ENCODINGS, required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit)d MB.")
                % {"size": upload.size / 1e6, "limit": IMPORT_MAX_BYTES // 1_000_000}
            )
        return upload


def require_import_permission(request):
    if not request.user.has_perm("ratings.import_rating"):
        raise PermissionDenied


def upload_view(model_admin, request):
    require_import_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = RatingImportFile.objects.create(
            filename=upload.name[:255],
            data=upload.read(),
            encoding=form.cleaned_data["encoding"],
            uploaded_by=request.user,
        )
        return redirect("admin:ratings_rating_import_preview", batch.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import ratings from CSV or Excel"),
        "form": form,
        "limit_mb": IMPORT_MAX_BYTES // 1_000_000,
    }
    return TemplateResponse(request, "admin/ratings/rating/import_upload.html", context)


def apply_once(batch, job, user):
    """Apply an uploaded file unless it has been: (counts, []) when this call wrote
    it, (None, problems) when it could not, (None, []) when it was applied before.

    The file's row is locked, so a second confirmation (a double click) waits for
    the first and then finds the file applied, instead of importing it again."""
    with transaction.atomic():
        locked = RatingImportFile.objects.select_for_update().get(pk=batch.pk)
        batch.applied_at, batch.result = locked.applied_at, locked.result
        if batch.applied_at is not None:
            return None, []
        try:
            counts = job.apply(user)
        except ImportFailed as failed:
            return None, failed.problems
        batch.applied_at = timezone.now()
        batch.result = _("%(new)d new, %(changed)d changed, %(unchanged)d unchanged") % counts
        batch.save(update_fields=["applied_at", "result"])
        return counts, []


def preview_view(model_admin, request, pk):
    require_import_permission(request)
    batch = get_object_or_404(RatingImportFile, pk=pk)
    job = RatingImport(bytes(batch.data), encoding=batch.encoding or None)
    problems = []
    if request.method == "POST":
        counts, problems = apply_once(batch, job, request.user)
        if counts is not None:
            messages.success(
                request,
                _(
                    "Imported %(new)d new ratings (as drafts) and changed %(changed)d; "
                    "%(unchanged)d were unchanged."
                )
                % counts,
            )
            return redirect("admin:ratings_rating_changelist")
    plans = []
    if not problems:
        try:
            plans = job.check()
        except ImportFailed as failed:
            problems = failed.problems
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Check the import of %(f)s") % {"f": batch.filename},
        "batch": batch,
        "problems": problems,
        "plans": [p for p in plans if p.action != "unchanged"],
        "counts": summarise(plans),
        "ignored_columns": job.ignored_columns,
    }
    return TemplateResponse(request, "admin/ratings/rating/import_preview.html", context)
