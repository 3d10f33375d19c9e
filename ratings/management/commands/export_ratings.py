"""Write ratings as CSV to standard output, streaming: memory stays flat at any size."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from institutions.models import Kind, Region
from institutions.regions import region_and_descendant_ids
from ratings.csvformat import stream_csv
from ratings.models import MAX_YEAR, MIN_YEAR, Rating


class Command(BaseCommand):
    help = "Export ratings as CSV (the format import_ratings reads) to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only this year")
        parser.add_argument("--stars", type=int, choices=range(1, 6), help="only this many stars")
        parser.add_argument("--kind", choices=[k.value for k in Kind], help="school or health")
        parser.add_argument("--region", help="GB/T 2260 code; includes the regions below it")
        parser.add_argument("--drafts", action="store_true", help="include unpublished ratings too")
        parser.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])
        parser.add_argument("--no-bom", action="store_true", help="omit the UTF-8 byte order mark")

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self.export(options)

    def export(self, options):
        ratings = Rating.objects.all() if options["drafts"] else Rating.objects.published()
        if options["year"] is not None:
            if not MIN_YEAR <= options["year"] <= MAX_YEAR:
                raise CommandError(_("The year must be between 1949 and 2100."))
            ratings = ratings.for_year(options["year"])
        if options["stars"]:
            ratings = ratings.with_stars(options["stars"])
        if options["kind"]:
            ratings = ratings.for_kind(options["kind"])
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(
                    _("No region has the code “%(value)s”.") % {"value": options["region"]}
                )
            ratings = ratings.filter(institution__region_id__in=region_and_descendant_ids(region))
        ratings = ratings.order_by("year", "institution__slug", "scheme__name")
        out = self.stdout._out  # write the CSV as is, without the command's line endings
        for line in stream_csv(ratings, bom=not options["no_bom"]):
            out.write(line)
