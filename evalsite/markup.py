"""HTML helpers of the public pages' templates (globals and filters of evalsite.jinja2)."""

import html
from functools import lru_cache

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from jinja2 import pass_context
from markupsafe import Markup, escape


def stars(count, maximum=5):
    """Stars drawn for the eye (★★★★☆) with a text equivalent for screen readers."""
    return star_html(count or 0, maximum, get_language())


@lru_cache(maxsize=128)
def star_html(count, maximum, language):
    # Pages draw many stars; each (count, maximum, language) is built once per process.
    label = _("%(count)d of %(maximum)d stars") % {"count": count, "maximum": maximum}
    drawn = f'<span class="on">{"★" * count}</span>'
    if maximum > count:
        drawn += f'<span class="off">{"☆" * (maximum - count)}</span>'
    return format_html(
        '<span class="stars" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></span>',
        label,
        mark_safe(drawn),
        label,
    )


def progress_bar(percent, label=""):
    """A progress bar with its number, and a spoken label; "no figure yet" without one."""
    if percent is None:
        none = _("no figure yet")  # (outside the f-string, where makemessages finds it)
        return Markup(f'<span class="muted">{escape(none)}</span>')
    percent = escape(percent)
    done = _("%(percent)s%% done") % {"percent": percent}
    spoken = escape(f"{label}: {done}" if label else done)
    # Written with markupsafe's escape (C) rather than format_html: a plan page
    # draws one for every commitment and target.
    return Markup(
        f'<span class="progress"><progress max="100" value="{percent}" aria-label="{spoken}">'
        f'{percent}%</progress> <span class="progress-figure">{percent}%</span></span>'
    )


@pass_context
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


def number(value):
    """A count as the page's language writes it: 20,000 in English, 20000 in Chinese."""
    return number_format(value, force_grouping=True)


def minutes(delta):
    """A timedelta in whole minutes."""
    return int(delta.total_seconds() // 60) if delta else 0


def in_chinese():
    """Whether the active language is Chinese (its punctuation is full-width)."""
    return (get_language() or "").startswith("zh")


def colon():
    """The colon after a label: full-width in Chinese, "： ", and ": " in English."""
    return "：" if in_chinese() else ": "


def comma():
    """The comma between items: full-width in Chinese, "，", and ", " in English."""
    return "，" if in_chinese() else ", "


def enumeration_comma():
    """What separates the items of a list: the enumeration comma "、" in Chinese, ", "
    in English (for templates that list links, which enumeration() would escape)."""
    return "、" if in_chinese() else ", "


def semicolon():
    """The semicolon between clauses: full-width in Chinese, "；", and "; " in English."""
    return "；" if in_chinese() else "; "


def enumeration(items):
    """Items listed in a sentence: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return enumeration_comma().join(items)


def brackets():
    """What opens and closes an aside: full-width brackets in Chinese, ("（", "）"),
    and a space and round brackets in English, (" (", ")")."""
    return ("（", "）") if in_chinese() else (" (", ")")


def in_brackets(text):
    """An aside after what it qualifies: full-width brackets in Chinese, "浙江省（330000）",
    and a space and round brackets in English, "浙江省 (330000)". Text gives text;
    markup (a template's translated string, escaped already) gives markup."""
    opening, closing = brackets()
    bracketed = f"{opening}{text}{closing}"
    return Markup(bracketed) if isinstance(text, Markup) else bracketed


def filter_field(field):
    """A filter form's field as HTML: selects are written here directly, because
    Django's widget templates render every <option> through the template engine
    (the region list alone has ~100 options on every listing page)."""
    choices = getattr(field.field, "choices", None)
    if choices is None:
        return field.as_widget()
    current = field.value()
    current = "" if current is None else str(current)
    options = []
    for value, label in choices:
        value, label = str(value), str(label)
        selected = " selected" if value == current else ""
        label = label[:1].upper() + label[1:]  # "Kindergarten", as English menus begin
        options.append(
            f'<option value="{html.escape(value)}"{selected}>{html.escape(label)}</option>'
        )
    invalid = ' aria-invalid="true"' if field.errors else ""
    return Markup(
        f'<select name="{escape(field.html_name)}" id="{escape(field.id_for_label)}"{invalid}>'
        f"{''.join(options)}</select>"
    )
