"""The import commands' shared part: read the file, check or import it, report."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evalsite.markup import colon, comma
from ratings.importer import IMPORT_MAX_BYTES, ImportFailed, summarise, too_large_message


def unreadable_reason(error):
    """Why a file could not be read (an OSError): the common causes in the active
    language, as the operating system says them in English; others as it says them."""
    if isinstance(error, FileNotFoundError):
        return _("there is no such file")
    if isinstance(error, IsADirectoryError):
        return _("it is a folder, not a file")
    if isinstance(error, PermissionError):
        return _("you are not allowed to read it")
    return error.strerror or str(error)


class ImportCommand(BaseCommand):
    """`manage.py import_… FILE [--dry-run] [--encoding ENC] [--user NAME] [--language
    en]` for an importer class (a ratings.importer.TableImport)."""

    importer_class = None
    # What was written, with %(new)d, %(changed)d and %(unchanged)d (lazily translated).
    imported_message = None

    def change_line(self, plan, changes):
        """A dry run's line for a row that changes something."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )
        parser.add_argument(
            "--encoding", help="a CSV file's encoding (default: detect UTF-8 or GB18030)"
        )
        parser.add_argument(
            "--user",
            help="the username the history records the changes by (default: none)",
        )
        parser.add_argument(
            "--language",
            default="zh-hans",
            choices=["zh-hans", "en"],
            help="the language of the messages",
        )

    def named_user(self, username):
        """The active user `--user` names, None when it names none."""
        if username is None:
            return None
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except ObjectDoesNotExist:
            raise CommandError(
                _("No active user has the username “%(name)s”.") % {"name": username}
            ) from None

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self.run(options)

    def run(self, options):
        path = options["file"]
        user = self.named_user(options["user"])
        try:
            size = path.stat().st_size
            if size > IMPORT_MAX_BYTES:
                raise CommandError(too_large_message(size))
            data = path.read_bytes()
        except OSError as exc:  # missing, a directory, not readable
            raise CommandError(
                _("Cannot read %(f)s: %(e)s") % {"f": path, "e": unreadable_reason(exc)}
            ) from None
        job = self.importer_class(data, encoding=options["encoding"])
        try:
            if options["dry_run"]:
                plans = job.check()
                counts = summarise(plans)
                for plan in plans:
                    if plan.action == "changed":
                        changes = comma().join(
                            f"{label}{colon()}{old} → {new}"
                            for label, old, new in plan.labelled_changes()
                        )
                        self.stdout.write(self.change_line(plan, changes))
            else:
                counts = job.apply(user, file_name=path.name)
        except ImportFailed as failed:
            for problem in failed.problems:
                self.stderr.write(str(problem))
            # A column the import did not recognise may be the one it found missing.
            for note in job.column_notes():
                self.stderr.write(note)
            count = len(failed.problems)
            raise CommandError(
                ngettext(
                    "%(n)d problem found; nothing was imported.",
                    "%(n)d problems found; nothing was imported.",
                    count,
                )
                % {"n": count}
            ) from None
        for note in job.column_notes():
            self.stdout.write(note)
        message = (
            _("Checked: %(new)d new, %(changed)d changed, %(unchanged)d unchanged; none written.")
            if options["dry_run"]
            else self.imported_message
        )
        self.stdout.write(self.style.SUCCESS(message % counts))
