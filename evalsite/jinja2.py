"""The Jinja2 environment of the public pages.

Public pages list dozens of institutions with their plans; Jinja2 compiles a
template to Python and renders such lists several times faster than Django's
template language. The admin and its forms keep Django templates.
"""

from django.conf import settings
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import linebreaksbr
from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, get_language_info, gettext, ngettext
from jinja2 import Environment

from evalsite.figures import figure
from evalsite.links import object_url
from evalsite.markup import (
    colon,
    comma,
    enumeration_comma,
    filter_field,
    in_brackets,
    minutes,
    number,
    progress_bar,
    query_with,
    stars,
)


def url(name, *args):
    # Rows link to one-argument routes (an institution, a scheme, a year's awards):
    # those come from the route reversed once, not from a search per link.
    if len(args) == 1:
        return object_url(name, args[0])
    return reverse(name, args=args)


def date(value, arg=None):
    """Django's date filter on the time in the site's time zone, as Django's
    templates show an aware datetime (TIME_ZONE, not UTC)."""
    return format_date(template_localtime(value), arg)


def languages():
    """The switcher's choices: (code, name in its own language)."""
    return [(code, get_language_info(code)["name_local"]) for code, _ in settings.LANGUAGES]


def environment(**options):
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    # Jinja's "newstyle" gettext: _("%(year)s awards", year=year) formats and
    # escapes its arguments, with the same msgids as Django's blocktranslate.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(
        url=url,
        static=static,
        get_language=get_language,
        languages=languages,
        stars=stars,
        progress_bar=progress_bar,
        colon=colon,
        comma=comma,
        enumeration_comma=enumeration_comma,
        in_brackets=in_brackets,
        query_with=query_with,
        filter_field=filter_field,
    )
    env.filters.update(
        date=date, figure=figure, minutes=minutes, number=number, linebreaksbr=linebreaksbr
    )
    return env
