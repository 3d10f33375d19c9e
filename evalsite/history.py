"""Keys emptied by a deletion are kept in the history.

Deleting a source, an award event, a commitment or a user empties the key of the
records that pointed at it (on_delete=SET_NULL). Django does that with one
UPDATE, which sends no signal, so django-simple-history recorded nothing: a
rating's history never said that its source went, and its next change showed the
deleted source as the value before. Before the deletion, such records with a
history are updated with the key emptied and a history record each, saying who
did it and when; in bulk, as a user may have published thousands of ratings.
"""

from django.db import models
from django.db.models.signals import pre_delete
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from evalsite import pagecache


def empty_keys_with_history(sender, instance, using, origin=None, **kwargs):
    if isinstance(origin, models.Model) and origin != instance:
        # Deleted with what it belongs to (a plan's commitments with the plan): what
        # points at it goes too.
        return
    # The relations Django's deletion follows, those without a reverse name too.
    for relation in sender._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if getattr(relation, "on_delete", None) is not models.SET_NULL:
            continue
        model = relation.related_model
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        key = relation.field.name
        records = list(model._default_manager.using(using).filter(**{key: instance}))
        if not records:
            continue
        fields = [key]
        stamped = any(f.name == "updated_at" for f in model._meta.fields)
        if stamped:
            fields.append("updated_at")
        now = timezone.now()
        for record in records:
            setattr(record, key, None)
            if stamped:
                record.updated_at = now
        bulk_update_with_history(records, model, fields, batch_size=1000, manager=None)
        pagecache.bump()  # bulk writes send no signal


def connect_signals():
    pre_delete.connect(empty_keys_with_history, dispatch_uid="evalsite.history.empty_keys")
