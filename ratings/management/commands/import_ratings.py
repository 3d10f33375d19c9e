"""Import ratings from a CSV file or an Excel workbook, all or nothing (see
ratings/importer.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ratings.importcommand import ImportCommand
from ratings.importer import RatingImport


class Command(ImportCommand):
    help = (
        "Import ratings from CSV or an Excel workbook's first sheet (the columns of the "
        "export). New ratings come in as drafts. "
        "If any row is bad, nothing is written and the command exits non-zero."
    )
    importer_class = RatingImport

    imported_message = gettext_lazy(
        "Imported: %(new)d new (as drafts), %(changed)d changed, %(unchanged)d unchanged."
    )

    def change_line(self, plan, changes):
        return _("Line %(line)d: %(name)s %(year)d: %(changes)s") % {
            "line": plan.line,
            "name": plan.institution.name,
            "year": plan.year,
            "changes": changes,
        }
