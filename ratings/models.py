from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from evalsite.links import object_url
from evalsite.publication import Publishable, PublishableQuerySet
from evalsite.validators import validate_one_line
from institutions.models import Institution, Kind, ReadingOrder, Region, Source

MAX_STARS = 5
MIN_YEAR, MAX_YEAR = 1949, 2100


class Scheme(models.Model):
    """An evaluation scheme, e.g. 义乌市中小学校综合评价."""

    name = models.CharField(_("name"), max_length=100, unique=True, validators=[validate_one_line])
    operator = models.CharField(
        _("run by"), max_length=100, help_text=_("Who runs the evaluation, e.g. 义乌市.")
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="schemes"
    )
    kind = models.CharField(_("rates"), max_length=10, choices=Kind.choices)
    max_stars = models.PositiveSmallIntegerField(_("maximum stars"), default=MAX_STARS)
    methodology = models.TextField(_("methodology"), blank=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation scheme")
        verbose_name_plural = _("evaluation schemes")
        ordering = ["region__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_stars__gte=1, max_stars__lte=MAX_STARS),
                name="scheme_max_stars_1_to_5",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_url("scheme", self.pk)

    def clean(self):
        if self.max_stars is not None and not 1 <= self.max_stars <= MAX_STARS:
            raise ValidationError({"max_stars": _("The maximum is between 1 and 5 stars.")})
        if self.pk is None:
            return
        errors = {}
        if self.max_stars is not None:
            most = self.ratings.aggregate(most=models.Max("stars"))["most"]
            if most is not None and most > self.max_stars:
                errors["max_stars"] = _(
                    "Ratings under this scheme already have %(stars)d stars: the maximum "
                    "cannot be lower."
                ) % {"stars": most}
        if self.kind and self.ratings.exclude(institution__kind=self.kind).exists():
            errors["kind"] = _(
                "Institutions of another kind are rated under this scheme: what it rates "
                "can change only once their ratings are removed or moved."
            )
        if errors:
            raise ValidationError(errors)


class AwardEvent(models.Model):
    """The occasion at which ratings were announced."""

    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"))
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="award_events"
    )
    description = models.TextField(_("description"), blank=True)
    schools_commended = models.PositiveIntegerField(
        _("schools commended"),
        null=True,
        blank=True,
        help_text=_("How many schools the source says were commended (not all may be named)."),
    )
    health_commended = models.PositiveIntegerField(
        _("health institutions commended"), null=True, blank=True
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award event")
        verbose_name_plural = _("award events")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["name", "date"], name="award_event_unique"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class RatingQuerySet(PublishableQuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def five_star(self):
        return self.filter(stars=5)

    def with_stars(self, stars):
        return self.filter(stars=stars)

    def for_kind(self, kind):
        return self.filter(institution__kind=kind)

    def in_region(self, region):
        """Ratings of institutions in `region` or any region below it (three levels)."""
        return self.filter(
            Q(institution__region=region)
            | Q(institution__region__parent=region)
            | Q(institution__region__parent__parent=region)
        )

    def latest_published_year(self):
        """The newest year with published ratings, or None; one index probe."""
        return self.published().order_by("-year").values_list("year", flat=True).first()

    def published_years(self):
        """Years with published ratings, newest first; one query."""
        return self.years(published_only=True)

    def years(self, published_only=False):
        """Years with ratings, newest first; one query.

        A recursive query walks the year index one year at a time (a "loose
        index scan") instead of reading every rating as DISTINCT would.
        """
        table = self.model._meta.db_table
        only = "AND is_published" if published_only else ""
        sql = f"""
            WITH RECURSIVE years(year) AS (
                SELECT MAX(year) FROM {table} WHERE 1 = 1 {only}
                UNION ALL
                SELECT (SELECT MAX(year) FROM {table} WHERE year < years.year {only})
                FROM years WHERE years.year IS NOT NULL
            )
            SELECT year FROM years WHERE year IS NOT NULL
        """
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql)
            return [row[0] for row in cursor.fetchall()]


class Rating(Publishable):
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="ratings"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The year the stars are conferred and named by.")
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    group = models.CharField(
        _("group"),
        max_length=30,
        blank=True,
        validators=[validate_one_line],
        help_text=_("组别, e.g. 高中组, 初中组, 五星级医院."),
    )
    award_event = models.ForeignKey(
        AwardEvent,
        verbose_name=_("award event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    history = HistoricalRecords()
    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-year", "-stars", ReadingOrder("institution__reading_key").asc()]
        permissions = [
            ("publish_rating", _("Can publish and unpublish ratings")),
            ("export_rating", _("Can export ratings")),
            ("import_rating", _("Can import ratings from CSV")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "scheme", "year"],
                name="rating_one_per_institution_scheme_year",
                violation_error_message=_(
                    "This institution already has a rating in this scheme for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=MAX_STARS),
                name="rating_stars_1_to_5",
                violation_error_message=_("Stars must be between 1 and 5."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="rating_year_plausible",
                violation_error_message=_("The year must be between 1949 and 2100."),
            ),
        ]
        indexes = [
            # A year's ratings by stars, as the awards page and the home page count
            # and list them, read from the index alone (the page's order is sorted
            # from these columns without visiting the table).
            models.Index(
                fields=["year", "stars", "is_published", "group", "institution"],
                include=["scheme", "id"],
                name="rating_year_stars",
            ),
            # An institution's latest published rating (the directory's, the region
            # page's and the API's "latest stars") read from the index alone.
            models.Index(
                fields=["institution", "-year", "-id"],
                include=["stars", "scheme"],
                condition=Q(is_published=True),
                name="rating_latest_published",
            ),
        ]

    def __str__(self):
        return f"{self.institution} · {self.year} · {self.stars}★"

    def clean(self):
        errors = {}
        if self.stars is not None and not 1 <= self.stars <= MAX_STARS:
            errors["stars"] = _("Stars must be between 1 and 5.")
        elif self.stars is not None and self.scheme_id and self.stars > self.scheme.max_stars:
            errors["stars"] = _("This scheme awards at most %(max)d stars.") % {
                "max": self.scheme.max_stars
            }
        if self.scheme_id and self.institution_id and self.scheme.kind != self.institution.kind:
            errors["scheme"] = _("This scheme rates %(kind)s, not this kind of institution.") % {
                "kind": self.scheme.get_kind_display()
            }
        if self.year is not None and not MIN_YEAR <= self.year <= MAX_YEAR:
            errors["year"] = _("The year must be between 1949 and 2100.")
        if errors:
            raise ValidationError(errors)


class RatingImportFile(models.Model):
    """An uploaded file of ratings or of institutions, kept between its preview and
    its confirmation.

    Stored in the database so that any app server can confirm what another previewed.
    """

    class Subject(models.TextChoices):
        RATINGS = "ratings", _("ratings")
        INSTITUTIONS = "institutions", _("institutions")

    subject = models.CharField(
        _("import of"), max_length=20, choices=Subject.choices, default=Subject.RATINGS
    )
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("contents"))
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    # What the import did, {"new": n, "changed": n, "unchanged": n}: said in the reader's
    # language by `outcome`. (`result` holds it in words for files imported before.)
    counts = models.JSONField(_("counts"), null=True, blank=True, editable=False)
    result = models.CharField(_("result"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.filename} ({timezone.localtime(self.uploaded_at):%Y-%m-%d %H:%M})"

    @admin.display(description=_("result"))
    def outcome(self):
        """What the import did, in the active language; "" before it is imported."""
        if self.counts is None:
            return self.result
        return _("%(new)d new, %(changed)d changed, %(unchanged)d unchanged") % self.counts
