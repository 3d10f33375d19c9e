"""Figures as people read them, for models, the admin and templates alike."""

from decimal import Decimal


def figure(value):
    """A stored figure as the source wrote it: 2.6700 → 2.67, 16300.0000 → 16300."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, Decimal):
        return value
    return format(value.normalize(), "f")
