"""Keys emptied by a deletion are kept in the history.

Deleting a source, an award event or a commitment empties the key of the records
that pointed at it (on_delete=SET_NULL). Django does that with one UPDATE, which
sends no signal, so django-simple-history recorded nothing: a rating's history
never said that its source went, and its next change showed the deleted source
as the value before. Before the deletion, each such record with a history is
saved with the key emptied, which records who did it and when.
"""

from django.db import models
from django.db.models.signals import pre_delete


def empty_keys_with_history(sender, instance, using, origin=None, **kwargs):
    if isinstance(origin, models.Model) and origin != instance:
        # Deleted with what it belongs to (a plan's commitments with the plan): what
        # points at it goes too.
        return
    for relation in sender._meta.related_objects:
        if relation.on_delete is not models.SET_NULL:
            continue
        model = relation.related_model
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        key = relation.field.name
        for record in model._default_manager.using(using).filter(**{key: instance}):
            setattr(record, key, None)
            record.save(update_fields=[key, *updated_at(model)])


def updated_at(model):
    """The model's change stamp among the fields a save updates, if it has one."""
    return ["updated_at"] if any(f.name == "updated_at" for f in model._meta.fields) else []


def connect_signals():
    pre_delete.connect(empty_keys_with_history, dispatch_uid="evalsite.history.empty_keys")
