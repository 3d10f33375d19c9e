"""Whether a record's fields changed since it was read.

The rules that relate one field to another (a commitment's progress and status,
an institution's bureau and region) are checked when one of those fields changes:
a record saved before a rule existed can still be saved as it is. The admin
validates all of a plan's commitments when any part of the plan is saved, and an
import validates every institution it changes; neither should be refused for
fields nobody touched, nor pay a query for them.
"""

from django.db.models.base import DEFERRED


class RemembersLoadedValues:
    """A model mixin: the values of its fields as read from the database (Django's
    documented use of Model.from_db)."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def has_changed(self, *attnames):
        """Whether any of these fields (by attname: region_id) differs from what was
        read; True for a record not read from the database."""
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None:
            return True
        return any(
            loaded.get(attname, DEFERRED) is DEFERRED or loaded[attname] != getattr(self, attname)
            for attname in attnames
        )
