"""Admin pages to import ratings, or institutions, from CSV or Excel: upload → preview
of every change → confirm."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evalsite.markup import semicolon
from institutions.importer import InstitutionImport
from ratings.importer import (
    IMPORT_MAX_BYTES,
    ImportFailed,
    PlanChanged,
    RatingImport,
    fingerprint,
    summarise,
    too_large_message,
)
from ratings.models import RatingImportFile

Subject = RatingImportFile.Subject


@dataclass(frozen=True)
class ImportPages:
    """What one import's pages differ in."""

    subject: str  # RatingImportFile.Subject
    importer: type
    permissions: tuple
    admin_url: str  # the model admin's URL names start with this
    title: object  # lazy
    help: object  # lazy; may use %(limit_mb)s
    done: object  # lazy; %(new)d, %(changed)d, %(unchanged)d

    def url(self, view):
        return f"admin:{self.admin_url}_{view}"


RATINGS = ImportPages(
    subject=Subject.RATINGS,
    importer=RatingImport,
    permissions=("ratings.import_rating",),
    admin_url="ratings_rating",
    title=gettext_lazy("Import ratings from CSV or Excel"),
    help=gettext_lazy(
        "Use the columns of the export (the CSV download of an awards page or the export "
        "action). A CSV file in UTF-8 (with or without BOM) or GB18030/GBK as Excel saves "
        "it, or an Excel workbook (.xlsx), whose first sheet is read; at most %(limit_mb)s "
        "MB. New ratings come in as drafts; the file is checked completely and you see "
        "every change before anything is written."
    ),
    done=gettext_lazy(
        "Imported %(new)d new ratings (as drafts) and changed %(changed)d; "
        "%(unchanged)d were unchanged."
    ),
)
INSTITUTIONS = ImportPages(
    subject=Subject.INSTITUTIONS,
    importer=InstitutionImport,
    permissions=("institutions.add_institution", "institutions.change_institution"),
    admin_url="institutions_institution",
    title=gettext_lazy("Import institutions from CSV or Excel"),
    help=gettext_lazy(
        "Columns: 机构, 类型, 类别 and 地区代码, and if known 机构网址名, 简称, "
        "统一社会信用代码 and 学校标识码 (a ratings export has them all); 地区, if given, "
        "must be the name of 地区代码's region. A row naming an "
        "institution already here, by address, code or official name, updates it; an empty "
        "cell changes nothing. CSV in UTF-8 or GB18030/GBK, or an Excel workbook (.xlsx), "
        "whose first sheet is read; at most %(limit_mb)s MB. The file is checked completely "
        "and you see every change before anything is written."
    ),
    done=gettext_lazy(
        "Imported %(new)d new institutions and changed %(changed)d; %(unchanged)d were unchanged."
    ),
)

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
            raise forms.ValidationError(too_large_message(upload.size))
        return upload


def require_import_permission(request, pages):
    if not request.user.has_perms(pages.permissions):
        raise PermissionDenied


def page_context(model_admin, request, pages):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "changelist_url": pages.url("changelist"),
        "upload_url": pages.url("import"),
        "rating_columns": pages.subject == Subject.RATINGS,
    }


def upload_view(model_admin, request, pages):
    require_import_permission(request, pages)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = RatingImportFile.objects.create(
            subject=pages.subject,
            filename=upload.name[:255],
            data=upload.read(),
            encoding=form.cleaned_data["encoding"],
            uploaded_by=request.user,
        )
        return redirect(pages.url("import_preview"), batch.pk)
    context = {
        **page_context(model_admin, request, pages),
        "title": pages.title,
        "help": pages.help % {"limit_mb": IMPORT_MAX_BYTES // 1_000_000},
        "form": form,
    }
    return TemplateResponse(request, "admin/import_upload.html", context)


def apply_once(batch, job, user, expected):
    """Apply an uploaded file unless it has been, if it still changes what the
    preview (whose plans' fingerprint is `expected`) showed: the counts when this call
    wrote it, None when it was applied before; raises ImportFailed (PlanChanged when
    the changes are no longer those shown) when it could not.

    The file's row is locked, so a second confirmation (a double click) waits for
    the first and then finds the file applied, instead of importing it again. (SQLite
    has no row locks: there a transaction takes the database's write lock as it
    begins, see settings.py, which serves the same end.)"""
    with transaction.atomic():
        locked = RatingImportFile.objects.select_for_update().get(pk=batch.pk)
        batch.applied_at, batch.counts = locked.applied_at, locked.counts
        batch.result = locked.result
        if batch.applied_at is not None:
            return None
        counts = job.apply(user, expected=expected, file_name=batch.filename)
        batch.applied_at = timezone.now()
        batch.counts = counts
        batch.save(update_fields=["applied_at", "counts"])
        return counts


def preview_view(model_admin, request, pk, pages):
    require_import_permission(request, pages)
    batch = get_object_or_404(RatingImportFile, pk=pk, subject=pages.subject)
    job = pages.importer(bytes(batch.data), encoding=batch.encoding or None)
    problems, notices = [], []
    if request.method == "POST":
        try:
            counts = apply_once(batch, job, request.user, request.POST.get("plan", ""))
        except PlanChanged as changed:  # shown with the changes as they are now
            notices = changed.problems
        except ImportFailed as failed:
            problems = failed.problems
        else:
            if counts is not None:
                messages.success(request, pages.done % counts)
                return redirect(pages.url("changelist"))
    plans = []
    if not problems:
        try:
            plans = job.check()
        except ImportFailed as failed:
            problems = failed.problems
    context = {
        **page_context(model_admin, request, pages),
        "title": _("Check the import of %(f)s") % {"f": batch.filename},
        "batch": batch,
        "problems": problems,
        "notices": notices,
        "plans": [p for p in plans if p.action != "unchanged"],
        "plan": fingerprint(plans),
        "counts": summarise(plans),
        "column_notes": job.column_notes(),
        "separator": semicolon(),  # between a row's changes
    }
    return TemplateResponse(request, "admin/import_preview.html", context)


def urls(model_admin, pages):
    """The import's two pages, for the model admin's get_urls()."""
    admin_view = model_admin.admin_site.admin_view
    return [
        path(
            "import/",
            admin_view(lambda request: upload_view(model_admin, request, pages)),
            name=f"{pages.admin_url}_import",
        ),
        path(
            "import/<int:pk>/",
            admin_view(lambda request, pk: preview_view(model_admin, request, pk, pages)),
            name=f"{pages.admin_url}_import_preview",
        ),
    ]
