import functools
import re
import unicodedata

from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Concat, Upper
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from evalsite.changes import RemembersLoadedValues
from evalsite.choices import ChoiceLabel
from evalsite.links import object_url
from evalsite.validators import validate_lines, validate_one_line
from institutions.identifiers import validate_credit_code, validate_school_code

ALIAS_SEPARATORS = re.compile(r"[\n\r、,，;；]+")
# Between the names in Institution.search_text (no name holds one).
SEARCH_SEPARATOR = "\n"
# Django's own message for a bad slug, in Chinese, calls the address a "field" (字段).
ADDRESS_MESSAGE = _(
    "An address is made of Latin letters, digits and hyphens (or underscores), with no "
    "Chinese characters or spaces, e.g. yiwu-liuzhong."
)


def reading_key_of(name):
    """The key a name sorts by in the order readers of Chinese look names up: each
    character's pinyin with its tone (长沙 "chang2 sha1", 长江 "chang2 jiang1", 重庆
    "chong2 qing4": read in context, as a dictionary reads them), Latin letters as
    themselves, numbers in numeric order (第2 before 第10); punctuation reads as
    nothing. Compared byte by byte (see ReadingOrder), so the same on every database."""
    # NFKC reads a Kangxi radical copied from a PDF (⼀ U+2F00) as the character (一).
    syllables = pinyin_of(unicodedata.normalize("NFKC", name))
    # ü files after u and its tones, before the next letter (lu4 鲁, lu:3 吕, luan4 乱),
    # as a dictionary files it; üe is written ue (lüè 略 after luan), as no ue follows l or n.
    return " ".join(s.replace("üe", "ue").replace("ü", "u:") for s in syllables)


# Readings of institutions' names that pypinyin's phrase dictionary gets wrong. After
# a place's unit, 长 begins the next place's name (宁波市长江路, 湖南省长沙市, 杭州长河)
# where the dictionary reads 市长, 省长, 州长… (a mayor, a governor) as zhǎng; and
# places it reads with their characters' common readings (长治 as zhǎng zhì).
UNITS = {"省": "shěng", "市": "shì", "县": "xiàn", "州": "zhōu", "镇": "zhèn", "村": "cūn"}
PLACE_READINGS = {
    "长治": "cháng zhì",
    "长垣": "cháng yuán",
    "长葛": "cháng gě",
    "长岭": "cháng lǐng",
    "单县": "shàn xiàn",
    "浚县": "xùn xiàn",
    "六合区": "lù hé qū",
    "洪洞": "hóng tóng",
    "东阿": "dōng ē",
    "台州": "tāi zhōu",
    "天台": "tiān tāi",
    "郫都": "pí dū",
    "涡阳": "guō yáng",
    "解州": "xiè zhōu",
    "阿勒泰": "ā lè tài",
    **{f"{unit}长": f"{reading} cháng" for unit, reading in UNITS.items()},
}


@functools.cache
def pinyin_reader():
    # pypinyin's dictionaries take ~60 MB: load them only when a name is written.
    from pypinyin import Style, lazy_pinyin, load_phrases_dict

    load_phrases_dict({p: [[r] for r in reading.split()] for p, reading in PLACE_READINGS.items()})
    return functools.partial(
        lazy_pinyin, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=True
    )


def pinyin_of(name):
    """The name's syllables: pinyin with tone numbers, and other_words for the rest."""
    return pinyin_reader()(name, errors=other_words)


def other_words(text):
    """The words of a run of characters other than Han ones (of a name reading_key_of
    has normalised), lower case and with their numbers padded to one width ("ABC-2"
    "abc 0000000002")."""
    return [NUMBER.sub(lambda m: m[0].zfill(10), word) for word in WORD.findall(text.casefold())]


WORD = re.compile(r"[^\W_]+")
NUMBER = re.compile(r"[0-9]+")


class ReadingOrder(Func):
    """Names in the order readers of Chinese look them up: a reading key (see
    reading_key_of) compared byte by byte, which is PostgreSQL's "C" collation and
    SQLite's own. A collation for Chinese would read 长 as zhǎng everywhere, and
    code-point order files 上海 (U+4E0A) before 北京 (U+5317): a directory sorted that
    way reads as unsorted."""

    arity = 1
    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template='%(expressions)s COLLATE "C"', **extra_context
        )


class Source(models.Model):
    """A document that records come from, cited by its own title, publisher and date."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    written_date = models.DateField(_("date written"), null=True, blank=True)
    index_number = models.CharField(_("index number"), max_length=100, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["-date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "publisher"], name="source_unique_title"),
        ]

    def __str__(self):
        return f"{self.title}（{self.publisher}）"

    @property
    def citation(self):
        parts = [f"《{self.title}》", self.publisher or gettext("publisher not stated")]
        if self.date:
            parts.append(self.date.isoformat())
        return "，".join(parts)


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")
        COUNTY = "county", _("county")

    code = models.CharField(
        _("GB/T 2260 code"),
        max_length=6,
        unique=True,
        help_text=_("Six digits, e.g. 330782 for 义乌市."),
    )
    name = models.CharField(_("name"), max_length=50, validators=[validate_one_line])
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"), name="region_code_six_digits"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return object_url("region", self.code)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.code and not re.fullmatch(r"[0-9]{6}", self.code):
            raise ValidationError({"code": _("A region code is six digits (GB/T 2260).")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A region cannot be its own parent.")})
        if self.parent_id and self.pk and self.pk in self.ancestor_ids():
            raise ValidationError(
                {"parent": _("A region cannot be placed under one of its own sub-regions.")}
            )

    def ancestor_ids(self):
        """Ids of the regions above this one, as its parent now says: up the parents
        already at hand (an import links those it read), reading the others, one
        query a level (a province has three). Stops at this region, or at any region
        met twice, in a tree that loops."""
        ids, region = [], self
        while region.parent_id is not None and region.parent_id not in ids:
            ids.append(region.parent_id)
            if region.parent_id == self.pk:
                break
            region = region.parent
        return ids


class Sector(models.TextChoices):
    EDUCATION = "education", _("education")
    HEALTH = "health", _("health")


class Authority(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="authorities"
    )
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["region__code", "name"]

    def __str__(self):
        return self.name


class Kind(models.TextChoices):
    SCHOOL = "school", _("school")
    HEALTH = "health", _("health institution")


# The sector whose bureaus institutions of each kind answer to.
SECTOR_OF_KIND = {Kind.SCHOOL: Sector.EDUCATION, Kind.HEALTH: Sector.HEALTH}


class Category(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("kindergarten")
    PRIMARY = "primary", _("primary school")
    JUNIOR = "junior", _("junior secondary school")
    SENIOR = "senior", _("senior secondary school")
    COMPLETE_SECONDARY = "complete_secondary", _("complete secondary school")
    NINE_YEAR = "nine_year", _("nine-year school")
    TWELVE_YEAR = "twelve_year", _("twelve-year school")
    VOCATIONAL = "vocational", _("vocational school")
    SPECIAL = "special", _("special education school")
    OTHER_SCHOOL = "other_school", _("other school")
    COMMUNITY_HEALTH = "community_health", _("community health service centre")
    TOWNSHIP_HEALTH = "township_health", _("township health centre")
    GENERAL_HOSPITAL = "general_hospital", _("general hospital")
    TCM_HOSPITAL = "tcm_hospital", _("TCM hospital")
    MATERNAL_CHILD = "maternal_child", _("maternal and child health institution")
    OTHER_HEALTH = "other_health", _("other health institution")

    @classmethod
    def for_kind(cls, kind):
        health = {
            cls.COMMUNITY_HEALTH,
            cls.TOWNSHIP_HEALTH,
            cls.GENERAL_HOSPITAL,
            cls.TCM_HOSPITAL,
            cls.MATERNAL_CHILD,
            cls.OTHER_HEALTH,
        }
        if kind == Kind.HEALTH:
            return [c for c in cls if c in health]
        return [c for c in cls if c not in health]


class Ownership(models.TextChoices):
    PUBLIC = "public", _("public")
    PRIVATE = "private", _("private")


def keyed(institutions):
    """The institutions, as a list, each with its name's reading key."""
    institutions = list(institutions)
    for institution in institutions:
        institution.reading_key = reading_key_of(institution.name)
    return institutions


class InstitutionQuerySet(models.QuerySet):
    """Writes in bulk keep each name's reading key with it, as save() does."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = keyed(objs)
        update_fields = kwargs.get("update_fields")  # of the rows that conflict
        if update_fields and "name" in update_fields and "reading_key" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "reading_key"]
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if "name" in fields:
            objs = keyed(objs)
            fields = [*fields, "reading_key"]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if "name" in kwargs and "reading_key" not in kwargs:  # bulk_update gives both
            if not isinstance(kwargs["name"], str):
                raise TypeError("names are updated as text, so that their reading keys follow")
            kwargs["reading_key"] = reading_key_of(kwargs["name"])
        return super().update(**kwargs)

    def search(self, text):
        """Match official name, short name or any alias by substring, whatever the
        case of Latin letters. No name holds a line break: text with one matches none
        (rather than across two names)."""
        text = text.strip()
        if not text:
            return self
        if SEARCH_SEPARATOR in text or "\r" in text:
            return self.none()
        return self.filter(search_text__contains=Upper(Value(text)))


class Institution(RemembersLoadedValues, models.Model):
    name = models.CharField(
        _("official name"), max_length=100, unique=True, validators=[validate_one_line]
    )
    short_name = models.CharField(
        _("short name"), max_length=50, blank=True, validators=[validate_one_line]
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        validators=[validate_lines],
        help_text=_("Other names in use, one per line (used to match imported rows)."),
    )
    slug = models.SlugField(
        _("URL slug"),
        max_length=80,
        unique=True,
        blank=True,
        error_messages={"invalid": ADDRESS_MESSAGE},
        help_text=_("Stable ASCII address; made from the pinyin of the short name when empty."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    ownership = models.CharField(
        _("ownership"), max_length=10, choices=Ownership.choices, default=Ownership.PUBLIC
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="institutions",
        db_index=False,  # led by the (region, id) index below
    )
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("统一社会信用代码: 18 characters, checked per GB 32100-2015."),
    )
    school_code = models.CharField(
        _("school identification code"),
        max_length=10,
        blank=True,
        validators=[validate_school_code],
        help_text=_("学校标识码: 10 digits."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The name's pinyin, as the directory sorts it: kept by save() and bulk writes.
    reading_key = models.TextField(_("reading key"), editable=False, default="")
    # The names a search looks in, upper-cased, kept by the database: one column
    # and one trigram index to read, and nothing to upper-case per match.
    search_text = models.GeneratedField(
        expression=Upper(
            Concat(
                "name",
                Value(SEARCH_SEPARATOR),
                "short_name",
                Value(SEARCH_SEPARATOR),
                "aliases",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
        verbose_name=_("search text"),
    )
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["reading_key", "search_text"])
    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        # A bare expression, not .asc(): Django turns it round when another model is
        # sorted by its institution descending (an OrderBy it would keep ascending).
        ordering = [ReadingOrder("reading_key"), "id"]
        indexes = [
            # Institutions in reading order from the index: the directory's first
            # pages and a region's list read 50 rows, not sort them all.
            models.Index(ReadingOrder("reading_key"), F("id"), name="institution_reading_key"),
            # The compare page finds institutions by address, name or short name at
            # once; without it that one query reads the whole table.
            models.Index(fields=["short_name"], name="institution_short_name"),
            # A region's institutions from the index alone: the awards page
            # filtered by region and the region page join them to ratings
            # without visiting the table (half the time of those queries).
            models.Index(fields=["region", "id"], name="institution_region_id"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="institution_unique_credit_code",
                violation_error_message=_(
                    "Another institution already has this unified social credit code."
                ),
            ),
            models.UniqueConstraint(
                fields=["school_code"],
                condition=~Q(school_code=""),
                name="institution_unique_school_code",
                violation_error_message=_(
                    "Another institution already has this school identification code."
                ),
            ),
            models.CheckConstraint(
                condition=Q(school_code="") | Q(school_code__regex=r"^[0-9]{10}$"),
                name="institution_school_code_ten_digits",
            ),
            models.CheckConstraint(
                condition=Q(credit_code="")
                | Q(credit_code__regex=r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"),
                name="institution_credit_code_format",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="institution_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        self.reading_key = reading_key_of(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "reading_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return object_url("institution", self.slug)

    get_category_display = ChoiceLabel(Category)  # once a row on listing pages

    @property
    def alias_list(self):
        return [a.strip() for a in ALIAS_SEPARATORS.split(self.aliases) if a.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if not self.slug and (self.short_name or self.name):
            self.slug = self.unique_slug()  # before the not-empty constraint is checked
        self.credit_code = self.credit_code.strip().upper()
        self.school_code = self.school_code.strip()
        if self.category and self.kind and self.category not in Category.for_kind(self.kind):
            errors["category"] = _("This category does not belong to the chosen kind.")
        if self.school_code and self.kind == Kind.HEALTH:
            errors["school_code"] = _("Only schools have a school identification code.")
        if (
            self.authority_id
            and self.kind
            and self.has_changed("authority_id", "kind", "region_id")
        ):
            problem = self.authority_problem()
            if problem:
                errors["authority"] = problem
        if (
            self.pk
            and self.kind
            and self.has_changed("kind")
            and self.ratings.exclude(scheme__kind=self.kind).exists()
        ):
            errors["kind"] = _(
                "This institution has ratings under schemes for another kind of institution: "
                "its kind can change only once they are removed or moved."
            )
        if errors:
            raise ValidationError(errors)

    def authority_problem(self):
        """Why the bureau given is not this institution's, or None: a school answers to
        an education bureau and a health institution to a health bureau, of its
        region or of a region above it."""
        authority = self.authority
        if authority.sector != SECTOR_OF_KIND[self.kind]:
            return _("%(a)s is a bureau of another sector than this kind of institution's.") % {
                "a": authority.name
            }
        if self.region_id and authority.region_id not in {
            self.region_id,
            *self.region.ancestor_ids(),
        }:
            return _("%(a)s is not a bureau of this institution's region or of one above it.") % {
                "a": authority.name
            }
        return None

    def slug_base(self):
        """The pinyin of the short name (else the name) as an address: yi-wu-liu-zhong."""
        from pypinyin import lazy_pinyin

        pinyin_reader()  # with the place readings, whether or not a key was made first
        return slugify("-".join(lazy_pinyin(self.short_name or self.name)))[:70] or "institution"

    def unique_slug(self, taken=frozenset()):
        """An address made from the pinyin of the short name (else the name), unused by
        any other institution and not in `taken` (addresses an import will give)."""
        base = self.slug_base()
        slug, n = base, 2
        while slug in taken or Institution.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


@receiver(pre_save, sender=Institution, dispatch_uid="institutions.key_loaded_names")
def key_loaded_names(sender, instance, raw, **kwargs):
    """loaddata saves rows as the file gives them, bypassing save(): an institution
    dumped before names had reading keys gets its key as it is loaded."""
    if raw and not instance.reading_key:
        instance.reading_key = reading_key_of(instance.name)
