from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def figure(value):
    """A stored figure as the source wrote it: 2.6700 → 2.67, 16300.0000 → 16300."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, Decimal):
        return value
    return format(value.normalize(), "f")


@register.inclusion_tag("includes/stars.html")
def stars(count, maximum=5):
    count = count or 0
    return {
        "count": count,
        "maximum": maximum,
        "filled": range(count),
        "empty": range(max(maximum - count, 0)),
        "label": _("%(count)d of %(maximum)d stars") % {"count": count, "maximum": maximum},
    }


@register.inclusion_tag("includes/progress.html")
def progress_bar(percent, label=""):
    return {"percent": percent, "label": label}


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)  # a new filter starts on the first page
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


@register.filter
def minutes(delta):
    """A timedelta in whole minutes."""
    return int(delta.total_seconds() // 60) if delta else 0
