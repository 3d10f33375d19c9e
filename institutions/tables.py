import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Case, Count, F, Value, When, Window
from django.db.models.functions import Concat
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_tables2.rows import BoundRows

from institutions.models import Category, Institution, ReadingOrder


class InstitutionTable(tables.Table):
    """The directory's columns, order and pages; its rows are written by
    templates/jinja2/institutions/directory_table.html."""

    # The id after each key keeps pages stable: rows that tie keep one order, so
    # no row shows on two pages and none on neither.
    name = tables.Column(verbose_name=_("Institution"), order_by=("name", "pk"))
    category = tables.Column(verbose_name=_("Category"))
    region = tables.Column(verbose_name=_("Region"), order_by=("region__code", "pk"))
    latest_stars = tables.Column(verbose_name=_("Latest stars"), empty_values=())
    latest_year = tables.Column(verbose_name=_("Year rated"))

    class Meta:
        model = Institution
        fields = ["name", "category", "region", "latest_stars", "latest_year"]
        order_by = ["name"]
        empty_text = _("No institution matches these filters.")

    def __init__(self, *args, searching=False, **kwargs):
        self.searching = searching
        super().__init__(*args, **kwargs)

    def order_name(self, queryset, is_descending):
        # Reading order (pinyin). Unfiltered, the reading-order index gives it. A
        # search's matches come from the trigram indexes; ordering by an
        # expression no index provides makes PostgreSQL sort those few rows
        # rather than walk the whole key index looking for matches: the key with
        # nothing appended, which is cheaper to compute than upper case.
        key = ReadingOrder(Concat("reading_key", Value("")) if self.searching else "reading_key")
        key = key.desc() if is_descending else key.asc()
        return queryset.order_by(key, "-pk" if is_descending else "pk"), True

    def order_category(self, queryset, is_descending):
        # In the order the categories are listed (kindergarten to vocational school,
        # then health institutions), not by their stored keys' spelling.
        rank = Case(
            *[When(category=value, then=Value(i)) for i, value in enumerate(Category.values)],
            default=Value(len(Category.values)),
        )
        return ordered(queryset, rank, is_descending), True

    def order_latest_stars(self, queryset, is_descending):
        return ordered(queryset, F("latest_stars"), is_descending), True

    def order_latest_year(self, queryset, is_descending):
        return ordered(queryset, F("latest_year"), is_descending), True


def ordered(queryset, key, is_descending):
    """Rows by `key`, those without one (not rated) last either way, then by id."""
    key = key.desc(nulls_last=True) if is_descending else key.asc(nulls_last=True)
    return queryset.order_by(key, "-pk" if is_descending else "pk")


class DirectoryPaginator(Paginator):
    """The directory's pages: `?per_page=` may ask for 1 to `max_per_page` rows (more
    gives `max_per_page`; fewer than 1, the usual `default_per_page`)."""

    default_per_page = 50
    max_per_page = 100
    capped = False  # the count is exact (see CappedCountPaginator)

    def __init__(self, object_list, per_page, *args, **kwargs):
        per_page = int(per_page)
        if per_page < 1:
            per_page = self.default_per_page
        super().__init__(object_list, min(per_page, self.max_per_page), *args, **kwargs)


class CappedCountPaginator(DirectoryPaginator):
    """Pages a search's matches, counting at most `cap` of them.

    Counting every match of a broad search costs as much as the matches do; past
    the cap the directory says "more than" and pages through the first `cap` in
    order, and narrowing the search reaches the rest.

    A page within the cap reads its rows and the number of matches in one query
    (the database counts the matches while it sorts them anyway); only a page
    that comes back empty, asked for past the end, counts them on their own."""

    cap = 1000

    @cached_property
    def matches(self):
        """How many rows match, counted up to one past the cap (or exactly, by the
        query that read a page: see page())."""
        return self.queryset().order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self):
        return self.matches > self.cap

    @cached_property
    def count(self):
        return min(self.matches, self.cap)

    def queryset(self):
        return self.object_list.data.data  # django-tables2's rows hold the queryset

    def page(self, number):
        number = self.validate_number_unbounded(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.cap:
            top = min(bottom + self.per_page, self.cap)
            counted = self.queryset().annotate(matches_counted=Window(Count("pk")))
            records = list(counted[bottom:top])
            if records or number == 1:
                self.__dict__["matches"] = records[0].matches_counted if records else 0
                rows = self.object_list
                return self._get_page(
                    BoundRows(records, table=rows.table, pinned_data=rows.pinned_data),
                    number,
                    self,
                )
        return super().page(number)  # past the end: EmptyPage, as Django's paginator says

    def validate_number_unbounded(self, number):
        """`number` as a page number (1 or more), before anything is counted."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number
