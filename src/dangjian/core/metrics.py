"""The registry of metrics: every count, rate and total the platform reports, defined once.

Each app declares its metrics in its own `metrics.py` as a function from a base queryset to the
rows a figure counts, so an assessment score, a dashboard chart, the annual report and the
click-through list behind a number all run the same query. A metric never stores a number.

Kinds:
- count: the number of rows (`rows`).
- sum: the total of `sum_field` over the rows (hours).
- ratio: 100 × numerator ÷ denominator, both other metrics (a percentage).
- per: numerator ÷ denominator (hours per member).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Sum

_REGISTRY: dict[str, "Metric"] = {}
_loaded = False


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    definition: str
    model: type | None = None
    rows: Callable | None = None  # (base queryset, organization, start, end) -> queryset
    sum_field: str | None = None
    ratio: tuple[str, str] | None = None
    per: tuple[str, str] | None = None
    columns: tuple = ()  # (label, attribute path) for the rows behind a figure
    private: bool = False  # counted for the committee, opened only by who may open the rows
    assessable: bool = True  # offered in the indicator catalogue
    higher_is_better: bool = True
    dated: bool = True  # False: the rows carry no dates, so the figure is the stock when computed
    compute: Callable | None = None  # (scope, organization, start, end) -> Decimal, for a value not of rows
    # Where a row hangs in the tree, as a path lookup: "" = the model's home (its first Subtree reach), None =
    # the rows are not placed by one path (a person counted through several posts, rows of the organization
    # itself only), so the figure cannot be counted per child organization in one grouped query.
    place: str | None = ""
    month: str = ""  # the date that places a row in a month, for trends ("" = no trend)

    @property
    def kind(self) -> str:
        if self.compute:
            return "computed"
        if self.ratio:
            return "ratio"
        if self.per:
            return "per"
        return "sum" if self.sum_field else "count"

    @property
    def is_derived(self) -> bool:
        return self.kind in ("ratio", "per", "computed")

    @property
    def place_path(self) -> str | None:
        """The path lookup a grouped count splits this metric's rows by (None: count per organization)."""
        if self.place is None or self.model is None or self.is_derived:
            return None
        if self.place:
            return self.place
        from .reach import home_lookup

        return home_lookup(self.model)


def metric(key, label, unit, definition, model=None, **options):
    """Decorator: register the function as the rows of a metric."""

    def wrap(func):
        register(Metric(key, label, unit, definition, model=model, rows=func, **options))
        return func

    return wrap


def register(m: Metric) -> Metric:
    _REGISTRY[m.key] = m
    return m


def _load():
    global _loaded
    if not _loaded:
        from .discovery import import_app_modules

        import_app_modules("metrics")
        _loaded = True


def get(key: str) -> Metric:
    _load()
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"未知的指标：{key}") from None


def all_metrics() -> list[Metric]:
    _load()
    return list(_REGISTRY.values())


def choices(assessable_only=True) -> list[tuple[str, str]]:
    return [(m.key, f"{m.label}（{m.unit}）") for m in all_metrics() if m.assessable or not assessable_only]


class Scope:
    """Whose eyes a figure is computed for: a user (pages, API) or the system (the `report` command)."""

    def __init__(self, user=None):
        self.user = user

    def base(self, model):
        qs = model.objects.all()
        if self.user is None:
            return qs
        counted = getattr(qs, "counted_for", None)  # the archive: counted by more people than may open it
        return counted(self.user) if counted else qs.visible_to(self.user)


def rows(key: str, scope: Scope, org, start: date, end: date):
    m = get(key)
    if m.is_derived and not m.compute:
        raise TypeError(f"{key} is derived: list its numerator's rows instead")
    return m.rows(scope.base(m.model), org, start, end)


def _q(value, places="0.1") -> Decimal:
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def value(key: str, scope: Scope, org, start: date, end: date) -> Decimal:
    m = get(key)
    if m.compute:
        return m.compute(scope, org, start, end)
    if m.is_derived:
        num_key, den_key = m.ratio or m.per
        num, den = value(num_key, scope, org, start, end), value(den_key, scope, org, start, end)
        return derive(m, num, den)
    qs = rows(key, scope, org, start, end)
    if m.sum_field:
        return _q(qs.aggregate(total=Sum(m.sum_field))["total"] or 0)
    return Decimal(qs.count())


def derive(m: Metric, num: Decimal, den: Decimal) -> Decimal:
    if not den:
        return Decimal(0)
    return _q(num / den * 100) if m.ratio else _q(num / den, "0.01")


def values(key: str, scope: Scope, orgs, start: date, end: date) -> dict:
    return {org.pk: value(key, scope, org, start, end) for org in orgs}


def rows_url(key: str, org, start: date, end: date) -> str:
    """The page listing the rows behind a figure (for a derived metric, its numerator's rows)."""
    from django.urls import reverse

    m = get(key)
    target = (m.ratio or m.per)[0] if (m.ratio or m.per) else key
    query = urlencode({"within": org.pk, "start": start.isoformat(), "end": end.isoformat()})
    return f"{reverse('reports:figure', kwargs={'key': target})}?{query}"


def subtree(qs, lookup: str, org):
    return qs.filter(**{f"{lookup}__path__startswith": org.path})


def values_many(pairs, scope: Scope, start: date, end: date) -> dict:
    """{(key, org pk): value} for many metrics and organizations, live, in a fixed number of queries.

    Pages read figures through `core.snapshots`, which stores what this computes; see `core.grouped`.
    """
    from .grouped import compute

    return compute(pairs, scope, start, end)


def on_days(field: str, start: date, end: date) -> dict:
    """Lookups for "a datetime on a local day from start to end": a plain range an index can serve,
    the same rows as `field__date__gte/lte` (which wraps the column in a function on every row)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    zone = timezone.get_current_timezone()
    first = timezone.make_aware(datetime.combine(start, time.min), zone)
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone)
    return {f"{field}__gte": first, f"{field}__lt": after}
