"""Publication state shared by ratings and plans: drafts until an editor publishes."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Publishable(models.Model):
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def publish(self, user):
        """Publish and save, recording who and when; a no-op if already published."""
        if self.is_published:
            return False
        self.is_published = True
        self.published_at = timezone.now()
        self.published_by = user
        self._history_user = user
        self.save()
        return True

    def unpublish(self, user):
        if not self.is_published:
            return False
        self.is_published = False
        self.published_at = None
        self.published_by = None
        self._history_user = user
        self.save()
        return True
