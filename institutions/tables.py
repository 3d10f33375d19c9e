import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from evalsite.templatetags.evalsite import stars
from institutions.models import Institution


class InstitutionTable(tables.Table):
    name = tables.Column(verbose_name=_("Institution"), linkify=True, order_by=("name",))
    category = tables.Column(verbose_name=_("Category"))
    region = tables.Column(verbose_name=_("Region"), order_by=("region__code",))
    latest_stars = tables.Column(verbose_name=_("Latest stars"), empty_values=())
    latest_year = tables.Column(verbose_name=_("Year rated"))

    class Meta:
        model = Institution
        fields = ["name", "category", "region", "latest_stars", "latest_year"]
        order_by = ["name"]
        attrs = {"class": "directory"}
        empty_text = _("No institution matches these filters.")

    def render_name(self, record, value):
        if record.short_name and record.short_name != value:
            return f"{value}（{record.short_name}）"
        return value

    def render_latest_stars(self, value):
        if value is None:
            return _("not rated")
        return stars(value)
