"""Figures as people read them, for models, the admin and templates alike."""

from decimal import Decimal

from django import forms
from django.db import models


def figure(value):
    """A stored figure as the source wrote it: 2.6700 → 2.67, 16300.0000 → 16300."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, Decimal):
        return value
    return format(value.normalize(), "f")


class FigureField(forms.DecimalField):
    """A decimal form field that shows a stored figure as the source wrote it (2.67,
    not the 2.6700 the column keeps)."""

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return figure(value)
        return super().prepare_value(value)


# For a ModelAdmin's or an inline's `formfield_overrides`.
FIGURE_FIELDS = {models.DecimalField: {"form_class": FigureField}}
