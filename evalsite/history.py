"""Keys emptied by a deletion are kept in the history.

Deleting a source, an award event, a commitment or a user empties the key of the
records that pointed at it (on_delete=SET_NULL). Django does that with one
UPDATE, which sends no signal, so django-simple-history recorded nothing: a
rating's history never said that its source went, and its next change showed the
deleted source as the value before. Before the deletion, such records with a
history are updated with the key emptied and a history record each, saying who
did it and when; in bulk, as a user may have published thousands of ratings,
through write_in_bulk, which the imports write through too.
"""

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_delete
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from evalsite import pagecache


def emptied_keys(model):
    """(model with a history, key) pairs whose key a deletion of a `model` empties:
    the relations Django's deletion follows, those without a reverse name too."""
    return [
        (relation.related_model, relation.field.name)
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and getattr(relation, "on_delete", None) is models.SET_NULL
        and hasattr(relation.related_model._meta, "simple_history_manager_attribute")
    ]


def deleted_for_itself(sender, instance, origin):
    """Whether `instance` is deleted as asked (itself, or one of a list's), not
    with what it belongs to (a plan's commitments with the plan), whose deletion
    takes what points at it too."""
    if isinstance(origin, models.Model):
        return origin == instance
    return getattr(origin, "model", None) is sender


def empty_keys_with_history(sender, instance, using, origin=None, **kwargs):
    if not deleted_for_itself(sender, instance, origin):
        return
    for model, key in emptied_keys(sender):
        records = list(model._default_manager.using(using).filter(**{key: instance}))
        for record in records:
            setattr(record, key, None)
        write_in_bulk(model, [], records, [key])


def write_in_bulk(model, new, changed, fields, user=None, reason=None):
    """Insert `new` and update `fields` of `changed` (stamping their updated_at, where
    the model has one), a thousand rows a query, each with its history (by `user`,
    else the request's, and for `reason`); then tell the page cache, which bulk
    writes send no signal to. The imports write through it too."""
    if new:
        bulk_create_with_history(
            new, model, batch_size=1000, default_user=user, default_change_reason=reason
        )
    if changed:
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            now = timezone.now()
            for obj in changed:
                obj.updated_at = now
            fields = [*fields, "updated_at"]
        bulk_update_with_history(
            changed,
            model,
            fields,
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
        )
    if new or changed:
        pagecache.bump()


def connect_signals():
    """Listen to deletions of the models whose deletion empties such keys only: a
    model with a pre_delete listener loses Django's fast deletes (sessions, login
    attempts)."""
    for model in apps.get_models():
        if emptied_keys(model):
            pre_delete.connect(
                empty_keys_with_history,
                sender=model,
                dispatch_uid=f"evalsite.history.empty_keys.{model._meta.label_lower}",
            )
