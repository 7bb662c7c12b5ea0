"""Figures of a report: each number is a metric over an organization and a period, kept with its query.

A FigureBook hands out numbered figures (F01, F02 …) in the order the text first uses them; the
appendix (数据来源) lists every one with its definition and value, and the web preview links each
to the rows behind it. Derived figures (percentages, per-member averages) are listed with the
figures they are computed from, and link to both.

A book counts records up to the day the report is generated (`until`): a period that runs past it —
this year's report, written before the year is out — stops there, so a room booked for next month or
an activity planned for December is not reported as done. A period wholly after that day is next
year's plan (letters signed for it, tasks set for it), counted as the records stand.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

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
    measured: bool = False  # a stated figure computed from measured rates (a median, a gap): keeps its decimal

    @cached_property  # a reverse() and an urlencode; read several times per figure by the page and the appendix
    def url(self) -> str:
        if self.link is not None:
            return self.link
        return "" if self.metric.is_derived else metrics.rows_url(self.key, self.org, self.start, self.end)

    @property
    def href(self) -> str:
        """Where the number opens: its rows, or for a rate its numerator's (the preview offers both parts)."""
        return self.url or (self.parts[0].href if self.parts else "")

    @property
    def links(self) -> list:
        """[(role, figure)] the preview opens from this number: its own rows, or a rate's numerator and
        denominator ("分子", "分母") — a rate read alone says nothing of how many it was out of."""
        if self.parts:
            return [("分子", self.parts[0]), ("分母", self.parts[1])]
        return [("", self)] if self.url else []

    @property
    def stated(self) -> bool:
        return self.link is not None

    @property
    def text(self) -> str:
        if self.stated and not self.measured and self.value == self.value.to_integral_value():
            return str(int(self.value))  # a standard of 100%, not "100.0%": a rate's decimal is for measured rates
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
    if unit in ("%", "个百分点"):
        return f"{value:.1f}"
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value.normalize():f}"


class Later:
    """Words that depend on figures not yet counted (达到 or 低于 a rule, a clause left out when there was
    nothing to count): `decide()` returns the parts (str and Figure) once the book is resolved. The
    composer settles every Later in its blocks before handing the report out."""

    def __init__(self, decide):
        self.decide = decide

    @property
    def text(self) -> str:
        raise TypeError("a Later part is settled by the composer before its text is read")


class FigureBook:
    def __init__(self, scope, start: date, end: date, until: date | None = None):
        self.until = until or end
        self.scope, self.start, self.end = scope, start, self.clip(start, end)
        self.figures: list[Figure] = []
        self._cache: dict = {}
        self.known: dict = {}  # {(key, org pk): value} already computed for the book's period (a batch)
        self._probes: list = []  # (key, org) to count with the book's first batch, without a figure
        self.memo: dict = {}  # what helpers look up once per book (the street's assessment standards)
        self.taken_at = None  # when the oldest stored figure used was computed (None: all computed live)
        self.refreshing = False  # some figure is being brought up to date by the job queue

    def clip(self, start: date, end: date) -> date:
        """The end of a period as counted: the generation day when the period runs past it."""
        return self.until if start <= self.until < end else end

    def __call__(self, key: str, org, start: date | None = None, end: date | None = None) -> Figure:
        start = start or self.start
        end = self.clip(start, end or self.end)
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

    def stated(self, key: str, label: str, value, unit: str, definition: str, org=None, link: str = "",
               measured: bool = False) -> Figure:
        """A number the text states that is not a count of rows — a rule's threshold, a median, a visit
        requirement, next year's target — listed in the appendix like any other, linked to where it is set.

        `key` names it within the book (the same key and organization give the same figure, so a threshold
        repeated in two sections is one appendix line).
        """
        cache_key = (f"stated:{key}", getattr(org, "pk", None), self.start, self.end)
        if cache_key in self._cache:
            return self._cache[cache_key]
        m = metrics.Metric(key=f"stated:{key}", label=label, unit=unit, definition=definition, assessable=False)
        fig = Figure("", m.key, org, self.start, self.end, Decimal(str(value)), m, link=link, measured=measured)
        fig.id = f"F{len(self.figures) + 1:02d}"
        self.figures.append(fig)
        self._cache[cache_key] = fig
        return fig

    def probe(self, keys, org) -> None:
        """Count `keys` for `org` over the book's period with its next batch, without listing them (a test
        of whether the period holds any records); read them afterwards with `counted`."""
        self._probes += [(key, org) for key in keys if (key, org.pk) not in self.known]

    def counted(self, key: str, org) -> Decimal:
        """A value counted over the book's period (a probe, or a figure of that period), once resolved."""
        return self.known[(key, org.pk)]

    def later(self, decide) -> Later:
        """A part of the text decided after the figures are counted (see `Later`)."""
        return Later(decide)

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
        """Compute every figure still open, in one batch of stored figures for all their periods (the page's
        query count stays fixed)."""
        pending: dict = {}
        for fig in self.figures:
            if fig.value is None and not fig.parts:
                pending.setdefault((fig.start, fig.end), []).append(fig)
        probes, self._probes = self._probes, []
        if probes:
            pending.setdefault((self.start, self.end), [])
        asked = {period: [(f.key, f.org) for f in figs] + (probes if period == (self.start, self.end) else [])
                 for period, figs in pending.items()}
        found = snapshots.periods(asked, self.scope) if asked else {}  # every period in one read
        for period, figs in pending.items():
            values = found[period]
            self.note(values)
            for fig in figs:
                fig.value = values[(fig.key, fig.org.pk)]
            if period == (self.start, self.end):
                self.known.update(values)
        for fig in self.figures:
            if fig.parts and fig.value is None:
                fig.value = metrics.derive(fig.metric, fig.parts[0].value, fig.parts[1].value)

    def renumber(self, blocks) -> None:
        """Number the figures in the order the text shows them (a figure's parts just before it), then those
        the text does not show; words decided late (a rule's standard) keep their place in the sequence."""
        order: dict = {}

        def visit(fig):
            for part in fig.parts:
                visit(part)
            order.setdefault(id(fig), fig)

        for block in blocks:
            for part in block.parts:
                if isinstance(part, Figure):
                    visit(part)
        for fig in self.figures:
            visit(fig)
        self.figures = list(order.values())
        for i, fig in enumerate(self.figures, start=1):
            fig.id = f"F{i:02d}"
