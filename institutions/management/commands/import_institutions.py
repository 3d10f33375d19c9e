"""Import institutions from a CSV file or an Excel workbook, all or nothing (see
institutions/importer.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from institutions.importer import InstitutionImport
from ratings.importcommand import ImportCommand


class Command(ImportCommand):
    help = (
        "Import institutions from CSV or an Excel workbook's first sheet: 机构, 类型, 类别, "
        "地区代码 and optionally 机构网址名, 简称, 统一社会信用代码, 学校标识码 and 地区 (the "
        "institution columns of the ratings export; 地区 must be the code's region). A row "
        "naming an existing institution (by address, code or official name) updates it. If "
        "any row is bad, nothing is written and the command exits non-zero."
    )
    importer_class = InstitutionImport

    imported_message = gettext_lazy(
        "Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged."
    )

    def change_line(self, plan, changes):
        return _("Line %(line)d: %(name)s: %(changes)s") % {
            "line": plan.line,
            "name": plan.institution.name,
            "changes": changes,
        }
