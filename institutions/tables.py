import django_tables2 as tables
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution


class InstitutionTable(tables.Table):
    """The directory's columns, order and pages; its rows are written by
    templates/jinja2/institutions/directory_table.html."""

    # The id after each key keeps pages stable.
    name = tables.Column(verbose_name=_("Institution"), order_by=("name", "pk"))
    category = tables.Column(verbose_name=_("Category"), order_by=("category", "pk"))
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
        if not self.searching:
            return queryset, False  # the name index gives the order
        # A search's matches come from the trigram indexes; ordering by an
        # expression no index provides makes PostgreSQL sort those few rows
        # rather than walk the whole name index looking for matches.
        key = Upper("name").desc() if is_descending else Upper("name").asc()
        return queryset.order_by(key, "-pk" if is_descending else "pk"), True
