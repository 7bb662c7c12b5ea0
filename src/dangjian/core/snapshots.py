"""Stored figures: the value of each metric per organization and period, which pages read.

Computing the figures of an analysis or a report from the records takes a grouped query per metric
(`core.grouped`); a page that shows them should not. So every value a page asks for is kept here
with the time it was computed, and:

- a change to a record marks the snapshots of its organization and every organization above it
  stale (`_note` on every save, delete and many-to-many change; one UPDATE when the transaction
  commits, or before the same thread next reads figures);
- a period that runs past the day it was computed (this year's report) goes stale the next day, as
  tasks fall due; the "year so far" is a new period each day;
- a stale value is recomputed by the job queue (`refresh_stale`, every minute and on demand), never
  by the page view, which shows the stored value with the time it was taken and that an update is
  under way. Only a value never computed before is computed during the request (grouped, once).

Snapshots are counted for the system (the committee's view). A user reads them only for
organizations where they hold a role that sees every counted row below it (`Role.WHOLE_SUBTREE`);
anyone else gets the live, grouped computation under their own scope. The click-through behind a
number always lists the live rows and says when the snapshot it came from was taken.
"""

import functools
import threading
from datetime import date, datetime, timedelta

from django.db import models, transaction
from django.db.models import Case, Value, When
from django.db.models.functions import TruncDate
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from . import grouped, metrics, tree

# Models whose rows are rules for every organization: a change to one makes every snapshot stale.
GLOBAL_INPUTS = {"members.MeetingRequirement", "ledgers.VisitRequirement", "assessment.AnalysisRule",
                 "care.AssistanceLevel"}
# Bookkeeping that no figure counts.
IGNORED_APPS = {"core", "auditlog", "axes", "sessions", "admin", "contenttypes", "otp_totp", "otp_static",
                "django_otp"}


class MetricSnapshot(models.Model):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("指标", max_length=60)
    start = models.DateField("起")
    end = models.DateField("止")
    value = models.DecimalField("数值", max_digits=18, decimal_places=2)
    computed_at = models.DateTimeField("计算时间")
    stale = models.BooleanField("待更新", default=False)
    changed_at = models.DateTimeField("记录变更时间", null=True, blank=True)

    class Meta:
        verbose_name = "指标快照"
        verbose_name_plural = "指标快照"
        constraints = [models.UniqueConstraint(fields=["organization", "key", "start", "end"],
                                               name="snapshot_one_per_period")]
        indexes = [models.Index(fields=["start", "end", "key"], name="snapshot_period"),
                   models.Index(fields=["computed_at"], name="snapshot_stale_open",
                                condition=models.Q(stale=True))]

    def __str__(self):
        return f"{self.key} {self.organization_id} {self.start}—{self.end} = {self.value}"


class Figures(dict):
    """{(key, org pk): value}, with when the oldest stored value was taken (None: computed live now)."""

    taken_at: datetime | None = None
    refreshing: bool = False


# ---- reading --------------------------------------------------------------------------------------------


def readable(scope, orgs) -> bool:
    """Whether the system's count is the user's count for every organization asked."""
    from .roles import WHOLE_SUBTREE
    from .scope import holds

    user = scope.user
    return user is None or all(holds(user, org, WHOLE_SUBTREE) for org in orgs)


def _expired(snap, today: date) -> bool:
    """A period that ran past the day it was counted on (the year's report) is counted again each day, as
    tasks fall due; one that ended that day or before changes only with its records."""
    day = timezone.localdate(snap.computed_at)
    return snap.end > day and day < today


def values(pairs, scope, start: date, end: date, today: date | None = None) -> Figures:
    """{(key, org pk): value} for the pairs and every part of a derived one, from the snapshots."""
    return periods({(start, end): pairs}, scope, today)[(start, end)]


def periods(asked: dict, scope, today: date | None = None) -> dict:
    """{(start, end): Figures} for {(start, end): pairs}: every period's stored figures in one read."""
    asked = {period: list(dict.fromkeys((key, org) for key, org in pairs)) for period, pairs in asked.items()}
    orgs = list({org.pk: org for pairs in asked.values() for _, org in pairs}.values())
    if not readable(scope, orgs):
        return {(start, end): Figures(grouped.compute(pairs, scope, start, end))
                for (start, end), pairs in asked.items()}
    flush()
    today = today or timezone.localdate()
    wanted = {period: _stored_parts(pairs) for period, pairs in asked.items()}
    found = _read(wanted)
    for (start, end), stored_ in wanted.items():
        missing = [(k, o) for k, o in stored_ if (k, o.pk, start, end) not in found]
        if missing:
            _store(missing, start, end, found)
    refreshing = False
    if any(s.stale or _expired(s, today) for s in found.values()):
        if _ran_inline() or _first_to_ask():
            from .snapshot_jobs import refresh_stale

            refresh_stale.later()
        if _ran_inline():
            found = _read(wanted)
        refreshing = any(s.stale or _expired(s, today) for s in found.values())
    taken = [s.computed_at for s in found.values()]
    result = {}
    for (start, end), pairs in asked.items():
        figures = result[(start, end)] = Figures()
        figures.refreshing, figures.taken_at = refreshing, min(taken) if taken else None
        for key, org in wanted[(start, end)]:
            m, snap = metrics.get(key), found[(key, org.pk, start, end)]
            figures[(key, org.pk)] = snap.value if m.sum_field or m.compute else snap.value.to_integral_value()
        for key, org in pairs:
            _resolve(figures, key, org)
    return result


def _stored_parts(pairs) -> list:
    plain, computed = grouped._plain(pairs)
    return plain + computed


def _resolve(figures, key, org):
    m = metrics.get(key)
    if (m.ratio or m.per) and not m.compute:
        num, den = (_resolve(figures, part, org) for part in (m.ratio or m.per))
        figures[(key, org.pk)] = metrics.derive(m, num, den)
    return figures[(key, org.pk)]


def stored(key, scope, org, start: date, end: date):
    """The stored value a page showed for one figure, if the user may read stored values (the click-through)."""
    if not readable(scope, [org]):
        return None
    return MetricSnapshot.objects.filter(organization=org, key=key, start=start, end=end).first()


def _first_to_ask() -> bool:
    """One refresh queued per half minute, however many page views find stale figures (the cache is shared
    between processes when Redis is configured; per process otherwise, which only queues a few more)."""
    from django.core.cache import cache

    return cache.add("dangjian:snapshots:refresh-queued", 1, timeout=30)


def _ran_inline() -> bool:
    from . import queue

    return queue.is_immediate()


def _read(wanted: dict) -> dict:
    """{(key, org pk, start, end): snapshot} for {(start, end): [(key, org)]}, in one query."""
    wanted = {period: pairs for period, pairs in wanted.items() if pairs}
    if not wanted:
        return {}
    which = models.Q()
    for start, end in wanted:
        which |= models.Q(start=start, end=end)
    keys = {k for pairs in wanted.values() for k, _ in pairs}
    pks = {o.pk for pairs in wanted.values() for _, o in pairs}
    asked = {(k, o.pk, start, end) for (start, end), pairs in wanted.items() for k, o in pairs}
    rows = MetricSnapshot.objects.filter(which, key__in=keys, organization_id__in=pks)
    return {(s.key, s.organization_id, s.start, s.end): s for s in rows
            if (s.key, s.organization_id, s.start, s.end) in asked}


def _store(missing, start, end, found) -> None:
    now = timezone.now()
    computed = grouped.compute(missing, metrics.Scope(), start, end)
    new = [MetricSnapshot(organization_id=o.pk, key=k, start=start, end=end, value=computed[(k, o.pk)],
                          computed_at=now) for k, o in missing]
    MetricSnapshot.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    for snap in new:
        found[(snap.key, snap.organization_id, start, end)] = snap


# ---- refreshing -----------------------------------------------------------------------------------------


def refresh(today: date | None = None, limit: int = 20000) -> int:
    """Recompute stale snapshots and those of periods still open on an earlier day; returns how many.

    A value is written back only if no record changed while it was computed (`changed_at`): otherwise
    it stays stale for the next run.
    """
    from dangjian.orgs.models import Organization

    flush()
    today = today or timezone.localdate()
    open_since = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    due = (MetricSnapshot.objects.filter(models.Q(stale=True) | models.Q(computed_at__lt=open_since,
                                                                         end__gt=TruncDate("computed_at")))
           .order_by("start", "end")[:limit])
    due = [s for s in due if s.stale or _expired(s, today)]
    orgs = Organization.objects.in_bulk({s.organization_id for s in due})
    by_period: dict = {}
    for s in due:
        if s.organization_id in orgs:
            by_period.setdefault((s.start, s.end), []).append(s)
    done = 0
    for (start, end), snaps in by_period.items():
        began = timezone.now()
        fresh = grouped.compute([(s.key, orgs[s.organization_id]) for s in snaps], metrics.Scope(), start, end)
        for offset in range(0, len(snaps), 500):
            batch = snaps[offset:offset + 500]
            new = Case(*[When(pk=s.pk, then=Value(fresh[(s.key, s.organization_id)])) for s in batch],
                       output_field=MetricSnapshot._meta.get_field("value"))
            done += MetricSnapshot.objects.filter(pk__in=[s.pk for s in batch]).filter(
                models.Q(changed_at__isnull=True) | models.Q(changed_at__lte=began)).update(
                value=new, computed_at=began, stale=False)
    return done


def clean(today: date) -> int:
    """Drop snapshots of ad-hoc periods (not ending on a month's last day) a week after their end."""
    old = MetricSnapshot.objects.filter(end__lt=today - timedelta(days=7))
    ad_hoc = [pk for pk, end in old.values_list("pk", "end") if (end + timedelta(days=1)).day != 1]
    return MetricSnapshot.objects.filter(pk__in=ad_hoc).delete()[0] if ad_hoc else 0


# ---- marking stale --------------------------------------------------------------------------------------

_pending = threading.local()


def _state():
    if not hasattr(_pending, "paths"):
        _pending.paths, _pending.rows, _pending.everything, _pending.scheduled = set(), {}, False, False
    return _pending


def forget_pending() -> None:
    """Drop the changes noted in this thread (their transaction was rolled back)."""
    _pending.__dict__.clear()


@functools.cache
def _placing(sender):
    """How a saved row of `sender` names its organization: "everything", "self" (an organization), or
    (the attribute holding the related id, the related model, the path lookup from it); None: it does not."""
    from .reach import home_field

    if not sender.__module__.startswith("dangjian.") or sender._meta.app_label in IGNORED_APPS:
        return None  # another library's bookkeeping, or a migration's historical model (module "__fake__")
    if sender._meta.label in GLOBAL_INPUTS:
        return "everything"
    try:
        field = home_field(sender)
    except TypeError:  # a model with no place in the tree and no figure reading it
        return None
    if field is None:
        return None
    if field == "":
        return "self"
    first, _, rest = field.partition("__")
    related = sender._meta.get_field(first)
    if not related.many_to_one and not related.one_to_one:
        return None
    return related.attname, related.related_model, f"{rest}__path" if rest else "path"


def _note_instance(sender, instance) -> None:
    placing = _placing(sender)
    if placing is None:
        return
    state = _state()
    if placing == "everything":
        state.everything = True
    elif placing == "self":
        state.paths.add(instance.path)
    else:
        attname, target, lookup = placing
        value = getattr(instance, attname, None)
        if value is None:
            return
        state.rows.setdefault((target, lookup), set()).add(value)
    if not state.scheduled:
        state.scheduled = True
        transaction.on_commit(flush)


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        _note_instance(sender, instance)


def _on_delete(sender, instance, **kwargs):
    _note_instance(sender, instance)


def _on_m2m(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _note_instance(type(instance), instance)


def flush() -> None:
    """Mark stale the snapshots of every organization a pending change sits in, and those above it."""
    state = _state()
    paths, rows, everything = state.paths, state.rows, state.everything
    state.paths, state.rows, state.everything, state.scheduled = set(), {}, False, False
    if not (paths or rows or everything) or not MetricSnapshot.objects.exists():
        return
    now = timezone.now()
    if everything:
        MetricSnapshot.objects.update(stale=True, changed_at=now)
        return
    for (model, lookup), pks in rows.items():
        pks = sorted(pks)
        for offset in range(0, len(pks), 5000):  # a bulk import's thousands of rows
            paths.update(p for p in model._base_manager.filter(pk__in=pks[offset:offset + 5000])
                         .values_list(lookup, flat=True).distinct() if p)
    marked = set()
    for path in paths:
        marked.update(tree.ancestor_paths(path, include_self=True))
    if marked:
        MetricSnapshot.objects.filter(organization__path__in=marked).update(stale=True, changed_at=now)


def connect() -> None:
    """Called once when the core app starts: every save, delete and link anywhere notes its organization."""
    post_save.connect(_on_save, dispatch_uid="snapshots-save")
    post_delete.connect(_on_delete, dispatch_uid="snapshots-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="snapshots-m2m")
