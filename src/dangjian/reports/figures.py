"""Figures of a report: each number is a metric over an organization and a period, kept with its query.

A FigureBook hands out numbered figures (F01, F02 …) in the order the text first uses them; the
appendix (数据来源) lists every one with its definition and value, and the web preview links each
to the rows behind it. Derived figures (percentages, per-member averages) are listed with the
figures they are computed from.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dangjian.core import metrics, snapshots


@dataclass
class Figure:
    id: str
    key: str
    org: object
    start: date
    end: date
    value: Decimal | None  # None until the book is resolved
    metric: metrics.Metric
    parts: tuple = field(default_factory=tuple)  # derived: (numerator figure, denominator figure)
    link: str | None = None  # a stated figure's page (a rule, a median's table); None: the rows behind the metric

    @property
    def url(self) -> str:
        if self.link is not None:
            return self.link
        return "" if self.metric.is_derived else metrics.rows_url(self.key, self.org, self.start, self.end)

    @property
    def stated(self) -> bool:
        return self.link is not None

    @property
    def text(self) -> str:
        return format_value(self.value, self.metric.unit)

    @property
    def label(self) -> str:
        return f"{self.org.name}·{self.metric.label}" if self.org is not None else self.metric.label

    @property
    def definition(self) -> str:
        if self.parts:
            num, den = self.parts
            tail = " × 100%" if self.metric.ratio else ""
            return f"{self.metric.definition}（{num.id} ÷ {den.id}{tail}）"
        return self.metric.definition

    @property
    def period(self) -> str:
        return f"{self.start:%Y.%m.%d}—{self.end:%Y.%m.%d}"


def format_value(value: Decimal, unit: str = "") -> str:
    if unit == "%":
        return f"{value:.1f}"
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


class FigureBook:
    def __init__(self, scope, start: date, end: date):
        self.scope, self.start, self.end = scope, start, end
        self.figures: list[Figure] = []
        self._cache: dict = {}
        self.known: dict = {}  # {(key, org pk): value} already computed for the book's period (a batch)
        self.taken_at = None  # when the oldest stored figure used was computed (None: all computed live)
        self.refreshing = False  # some figure is being brought up to date by the job queue

    def __call__(self, key: str, org, start: date | None = None, end: date | None = None) -> Figure:
        start, end = start or self.start, end or self.end
        cache_key = (key, org.pk, start, end)
        if cache_key in self._cache:
            return self._cache[cache_key]
        m = metrics.get(key)
        if m.ratio or m.per:
            num, den = (self(k, org, start, end) for k in (m.ratio or m.per))
            fig = Figure("", key, org, start, end, None, m, (num, den))
        else:
            known = self.known.get((key, org.pk)) if (start, end) == (self.start, self.end) else None
            fig = Figure("", key, org, start, end, known, m)
        fig.id = f"F{len(self.figures) + 1:02d}"
        self.figures.append(fig)
        self._cache[cache_key] = fig
        return fig

    def stated(self, key: str, label: str, value, unit: str, definition: str, org=None, link: str = "") -> Figure:
        """A number the text states that is not a count of rows — a rule's threshold, a median, a visit
        requirement, next year's target — listed in the appendix like any other, linked to where it is set.

        `key` names it within the book (the same key and organization give the same figure, so a threshold
        repeated in two sections is one appendix line).
        """
        cache_key = (f"stated:{key}", getattr(org, "pk", None), self.start, self.end)
        if cache_key in self._cache:
            return self._cache[cache_key]
        m = metrics.Metric(key=f"stated:{key}", label=label, unit=unit, definition=definition, assessable=False)
        fig = Figure("", m.key, org, self.start, self.end, Decimal(str(value)), m, link=link)
        fig.id = f"F{len(self.figures) + 1:02d}"
        self.figures.append(fig)
        self._cache[cache_key] = fig
        return fig

    def now(self, key: str, org, start: date | None = None, end: date | None = None) -> Figure:
        """The figure with its value at once, for text whose words depend on it ("达到" or "低于", which
        communities to name). Each call that finds an open figure costs one batch; prefer asking late."""
        fig = self(key, org, start, end)
        if fig.value is None:
            self.resolve()
        return fig

    def note(self, values) -> None:
        """Remember how old the stored figures used are, for the page and the appendix to say."""
        if values.taken_at and (self.taken_at is None or values.taken_at < self.taken_at):
            self.taken_at = values.taken_at
        self.refreshing = self.refreshing or values.refreshing

    def resolve(self) -> None:
        """Compute every figure still open, a batch per period (the page's query count stays fixed)."""
        pending: dict = {}
        for fig in self.figures:
            if fig.value is None and not fig.parts:
                pending.setdefault((fig.start, fig.end), []).append(fig)
        for (start, end), figs in pending.items():
            values = snapshots.values([(f.key, f.org) for f in figs], self.scope, start, end)
            self.note(values)
            for fig in figs:
                fig.value = values[(fig.key, fig.org.pk)]
        for fig in self.figures:
            if fig.parts and fig.value is None:
                fig.value = metrics.derive(fig.metric, fig.parts[0].value, fig.parts[1].value)
