"""Validators of the text that names things, shared by the models and the imports."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Line breaks, control characters and invisible format characters (FORMAT: zero-width
# spaces, direction marks, a stray BOM): a name holding one looks like, but is not,
# the name without it, so rows an import matches by name would not find it. Text
# copied from a web page often carries a zero-width space.
FORMAT = r"\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff"
INVISIBLE = re.compile(rf"[\x00-\x1f{FORMAT}]")
# The same, except the line breaks (\n, \r) that separate the entries of a list.
INVISIBLE_IN_LINES = re.compile(rf"[\x00-\x09\x0b\x0c\x0e-\x1f{FORMAT}]")


def validate_one_line(value):
    """A name, on one line with nothing invisible in it: what the imports accept, so
    that an export of what the admin saved imports back."""
    if INVISIBLE.search(value):
        raise ValidationError(
            _(
                "This holds a line break or an invisible character (such as the zero-width "
                "space that text copied from a web page may carry): type it again, on one "
                "line."
            ),
            code="invisible",
        )


def validate_lines(value):
    """Names one a line, with nothing invisible in them."""
    if INVISIBLE_IN_LINES.search(value):
        raise ValidationError(
            _(
                "This holds an invisible character (such as the zero-width space that text "
                "copied from a web page may carry): type it again, one name a line."
            ),
            code="invisible",
        )
