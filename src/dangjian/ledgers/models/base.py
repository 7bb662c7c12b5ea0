"""Soft deletion for ledger rows: a deleted row leaves every list and count but stays restorable."""

from django.db import models
from django.utils import timezone

from dangjian.core.querysets import ScopedQuerySet


class LedgerQuerySet(ScopedQuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)


class AliveManager(models.Manager.from_queryset(LedgerQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleteModel(models.Model):
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True, editable=False)

    objects = AliveManager()
    all_objects = LedgerQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, using=None, keep_parents=False):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at"])
        return (1, {self._meta.label: 1})
