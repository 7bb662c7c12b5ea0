"""The dashboard's figures (数据看板), in a fixed number of queries whatever the size of the tree.

Every figure is a registry metric (`core.metrics`) or a ledger count (`ledgers.states`), so a chart,
its table, the ledger page and the annual report agree, and each number links to the rows behind it.

The registry computes one organization and one period at a time; the dashboard needs ~20 figures
for every child organization and every month, and one query each would make the page's query
count grow with the tree. So each figure's rows — the registry's own queryset, scoped by
`Scope(user)` — are counted once, grouped by the child organization a row hangs from (the first
characters of its materialized path) and by month, and all those grouped counts travel in one
UNION ALL query. A child's figure is then the sum of its groups, a ratio is derived from two such
sums with the registry's own `derive`, and the whole organization's figure is the sum of all groups.
"""

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import DecimalField, Subquery
from django.urls import reverse
from django.utils import timezone

from dangjian.assessment.scores.models import QuarterlyRanking, RankingEntry, UnitKind
from dangjian.core import metrics, snapshots, tree
from dangjian.core.grouped import grouped_part, run_union
from dangjian.core.metrics import Scope
from dangjian.ledgers.ledger import problems_in, tasks_in
from dangjian.ledgers.models import Problem, Task
from dangjian.ledgers.states import PROBLEM_STATES, TASK_STATES, problem_state_q, task_state_q
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

CHILD_CHARTS = (  # (id, title, metric keys): one bar per child organization
    ("rates", "组织生活达标、任务按时完成与在职党员参与", ("org_life_compliance", "tasks_on_time_rate",
                                                     "inservice_participation")),
    ("problems", "问题发现与解决", ("problems_found", "problems_solved")),
    ("service", "联创共建活动与帮扶走访", ("joint_activities", "help_visits")),
    ("hours", "志愿服务时长", ("volunteer_hours",)),
)
TREND_CHARTS = (  # (id, title, metric keys): one point per month
    ("trend", "逐月问题发现与解决、联创共建与帮扶走访", ("problems_found", "problems_solved", "joint_activities",
                                                "help_visits")),
    ("trend_meetings", "逐月组织生活次数", ("meetings_held",)),
    ("trend_hours", "逐月志愿服务时长", ("volunteer_hours",)),
)
CARDS = ("members", "branches", "partner_units", "volunteer_teams", "resident_files", "positions",
         "wishes_fulfilled", "decisions_completed")
TONES = {"done": "good", "verified": "good", "ongoing": "doing", "solved": "doing", "overdue": "late", "open": "open",
         "closed": "closed"}
NUMBER = DecimalField(max_digits=18, decimal_places=2)


@dataclass
class Cell:
    value: Decimal | None  # None: no figure (shown as "—")
    unit: str = ""
    url: str = ""
    num: "Cell | None" = None  # a ratio's counted rows and its base, each with its own link
    den: "Cell | None" = None

    @property
    def blank(self) -> bool:
        return self.value is None or (self.den is not None and not self.den.value)  # a rate of nothing is no rate

    @property
    def text(self) -> str:
        if self.blank:
            return "—"
        if self.unit == "%":
            return f"{self.value}%"
        return f"{self.value.normalize():f}" if self.value == self.value.to_integral() else f"{self.value}"

    @property
    def number(self) -> float | None:
        return None if self.blank else float(self.value)  # the chart leaves a gap, the table says "—"


@dataclass
class Series:
    key: str  # the metric (or ledger figure) the cells are
    label: str
    unit: str
    cells: list
    total: Cell | None = None
    definition: str = ""
    plot: bool = True  # False: a table-only column (a rank next to the score)


@dataclass
class Chart:
    id: str
    title: str
    kind: str  # hbar (categories down the side), line (months), bar (statuses)
    categories: list  # short labels for the chart
    rows: list  # full labels for the table
    series: list
    note: str = ""
    row_header: str = "组织"
    link: tuple = ()  # (label, url) of the page the chart summarizes
    highlight: list = field(default_factory=list)  # categories to pick out (the viewer's own unit)
    tones: list = field(default_factory=list)  # per category: how a state reads (late, done…), for its colour

    @property
    def table(self):
        return [(label, [s.cells[i] for s in self.series]) for i, label in enumerate(self.rows)]

    @property
    def totals(self):
        return [s.total for s in self.series] if any(s.total for s in self.series) else []

    def data(self) -> dict:
        plotted = [s for s in self.series if s.plot]
        return {"kind": self.kind, "categories": self.categories, "highlight": self.highlight, "tones": self.tones,
                "percent": all(s.unit == "%" for s in plotted),
                "series": [{"key": s.key, "name": s.label, "unit": s.unit, "data": [c.number for c in s.cells]}
                           for s in plotted]}


@dataclass
class Board:
    within: Organization
    year: int
    start: date
    end: date
    cards: list  # (label, Cell, definition)
    sections: list  # (key, title, [Chart]) in page order
    ranking_note: str = ""
    children_note: str = ""
    taken_at: object = None  # when the stored figures shown were computed (None: counted live for this user)
    refreshing: bool = False

    def chart_data(self) -> dict:
        return {chart.id: chart.data() for _, _, charts in self.sections for chart in charts}


def period(year: int, today: date | None = None) -> tuple[date, date]:
    """The year so far: a rate over the whole current year would count tasks not yet due as late."""
    today = today or timezone.localdate()
    return date(year, 1, 1), (min(date(year, 12, 31), today) if year == today.year else date(year, 12, 31))


def _q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)  # as metrics.value rounds a sum


class Tally:
    """Grouped counts from the one query: {figure: {(path prefix, month): number}} and the figures derived from them.

    For a reader of stored figures (`core.snapshots.readable`) the registry's figures come from the snapshots
    instead (`stored`: the period's and each month's, for the chosen organization and its children), and
    the query counts only the ledger's task and problem states, which depend on today.
    """

    def __init__(self, counts, stored=None):
        self.counts = counts
        self.stored = stored  # (figures of the period, {month: figures}, {child path: pk}, chosen pk)

    def raw(self, name, prefix=None, month=None, prefixes=None) -> Decimal:
        return sum((n for (p, mo), n in self.counts.get(name, {}).items()
                    if (prefix is None or p == prefix) and (month is None or mo == month)
                    and (prefixes is None or p in prefixes)), Decimal(0))

    def value(self, key, prefix=None, month=None) -> Decimal:
        if self.stored:
            whole, by_month, by_path, within_pk = self.stored
            return (by_month[month] if month else whole)[(key, by_path[prefix] if prefix else within_pk)]
        m = metrics.get(key)
        if m.ratio or m.per:
            num, den = m.ratio or m.per
            return metrics.derive(m, self.value(num, prefix, month), self.value(den, prefix, month))
        total = self.raw(key, prefix, month)
        return _q(total) if m.sum_field else Decimal(int(total))


def _counted_keys() -> list[str]:
    keys = set(CARDS)
    for _, _, chart_keys in CHILD_CHARTS + TREND_CHARTS:
        for key in chart_keys:
            m = metrics.get(key)
            keys.update(m.ratio or m.per or (key,))
    return sorted(keys)


def stored_figures(scope, within, children, year, start, end):
    """The board's registry figures from the snapshots: the period's for the chosen organization and each
    child, each month's for the chosen organization — one read, whatever the size of the tree."""
    keys = sorted(set(CARDS) | {k for _, _, chart_keys in CHILD_CHARTS + TREND_CHARTS for k in chart_keys})
    months = {mo: (first, last) for mo, first, last in months_of(year, start, end)}
    asked = {(start, end): [(k, o) for k in keys for o in [within, *children]]}
    trend = {k for _, _, chart_keys in TREND_CHARTS for k in chart_keys}
    for first, last in months.values():
        asked.setdefault((first, last), []).extend((k, within) for k in trend)
    figures = snapshots.periods(asked, scope)
    return (figures[(start, end)], {mo: figures[span] for mo, span in months.items()},
            {c.path: c.pk for c in children}, within.pk)


def tally(user, within, year, start, end, today=None, children=()) -> Tally:
    """All grouped counts in one query: the registry's metrics and the ledger's task and problem states."""
    scope = Scope(user)
    cut = len(within.path) + tree.STEPLEN
    parts = []
    stored = stored_figures(scope, within, children, year, start, end) if snapshots.readable(
        scope, [within, *children]) else None
    for key in [] if stored else _counted_keys():
        m = metrics.get(key)
        parts.append(grouped_part(key, m.model, metrics.rows(key, scope, within, start, end), m.place_path, cut,
                                  m.month, m.sum_field))
    today = today or timezone.localdate()
    tasks, problems = tasks_in(user, within, year), problems_in(user, within, year)
    parts.append(grouped_part("task:all", Task, tasks, "organization__path", cut))
    parts.append(grouped_part("problem:all", Problem, problems, "organization__path", cut))
    parts += [grouped_part(f"task:{k}", Task, tasks.filter(task_state_q(k, today)), "organization__path", cut)
              for k in TASK_STATES]
    parts += [grouped_part(f"problem:{k}", Problem, problems.filter(problem_state_q(k, today)), "organization__path",
                           cut) for k in PROBLEM_STATES]
    counts: dict = {}
    for row in run_union(parts):
        bucket = counts.setdefault(row["label"], {})
        place = (row["prefix"], int(row["month"] or 0))
        bucket[place] = bucket.get(place, Decimal(0)) + Decimal(row["n"] or 0)
    return Tally(counts, stored)


def children_of(user, within):
    """The chosen organization's visible children, in tree order (as the ledger lists them)."""
    return list(Organization.objects.visible_to(user).filter(path__startswith=within.path, depth=within.depth + 1)
                .only("id", "name", "short_name", "path", "depth", "kind"))


def _cell(t: Tally, key, org, start, end, prefix=None, month=None) -> Cell:
    m = metrics.get(key)
    cell = Cell(t.value(key, prefix, month), m.unit, metrics.rows_url(key, org, start, end))
    if m.ratio:
        cell.num, cell.den = (_cell(t, k, org, start, end, prefix, month) for k in m.ratio)
    return cell


def short_label(child, within) -> str:
    """A child's name for a chart axis, without the parent's name it repeats (东风社区第1网格党支部 → 第1网格党支部)."""
    name = child.short_name or child.name
    shared = len(os.path.commonprefix([name, within.name]))
    return name[shared:] if shared >= 2 and len(name) - shared >= 2 else name


def _child_charts(t, within, children, start, end) -> tuple[list[Chart], list[str]]:
    """One chart per group of metrics, and the titles left out because every child shows 0 for them
    (a community's problems and activities are recorded at the community itself, not its branches)."""
    charts, empty = [], []
    for chart_id, title, keys in CHILD_CHARTS:
        series = [Series(k, metrics.get(k).label, metrics.get(k).unit,
                         [_cell(t, k, c, start, end, prefix=c.path) for c in children],
                         total=_cell(t, k, within, start, end), definition=metrics.get(k).definition)
                  for k in keys]
        if not any(c.value for s in series for c in s.cells):
            empty.append(title)
            continue
        charts.append(Chart(chart_id, title, "hbar", [short_label(c, within) for c in children],
                            [c.name for c in children], series,
                            note=f"“合计”为{within.name}全部数据（含本级）。"))
    return charts, empty


def months_of(year, start, end):
    """(month, first day, last day counted) for each month of the period."""
    for month in range(start.month, end.month + 1):
        first = date(year, month, 1)
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        yield month, first, min(last, end)


def _trend_charts(t, within, year, start, end) -> list[Chart]:
    months = list(months_of(year, start, end))
    charts = []
    for chart_id, title, keys in TREND_CHARTS:
        series = [Series(k, metrics.get(k).label, metrics.get(k).unit,
                         [_cell(t, k, within, first, last, month=mo) for mo, first, last in months],
                         total=_cell(t, k, within, start, end), definition=metrics.get(k).definition)
                  for k in keys]
        labels = [f"{mo}月" for mo, _, _ in months]
        charts.append(Chart(chart_id, title, "line" if len(keys) > 1 else "bar", labels, labels, series,
                            row_header="月份"))
    return charts


def _ledger_chart(t, within, year, children) -> Chart:
    """Task and problem states exactly as the ledger counts them: the chosen organization's own items and
    its visible children's (committee_ledger drops items under a child the user cannot see)."""
    counted = {within.path} | {c.path for c in children}
    task_url, problem_url = reverse("ledgers:task_list"), reverse("ledgers:problem_list")
    base = {"within": within.pk, "year": year}
    labels, short, cells, tones = [], [], [], []
    for kind, states, url, extra in (("task", TASK_STATES, task_url, {"leaf": "true"}),
                                     ("problem", PROBLEM_STATES, problem_url, {})):
        noun = "任务" if kind == "task" else "问题"
        for state, label in [("all", f"{noun}总数"), *states.items()]:
            query = {**base, **extra, **({"state": state} if state != "all" else {})}
            labels.append(f"{noun}·{label}" if state != "all" else label)
            short.append(label)
            tones.append(TONES.get(state, "total"))
            cells.append(Cell(t.raw(f"{kind}:{state}", prefixes=counted), "项" if kind == "task" else "个",
                              f"{url}?{urlencode(query)}"))
    ledger_url = reverse("ledgers:ledger") + "?" + urlencode(base)
    return Chart("ledger", "问题清单与任务清单办理情况", "hbar", short, labels, [Series("ledger", "数量", "", cells)],
                 row_header="事项", tones=tones,
                 note="与“三张清单台账”合计行一致；“逾期”按今天计算，逾期未整改的问题也计入未整改。",
                 link=("查看台账", ledger_url))


def _ranking_chart(user, within, year) -> tuple[Chart | None, str]:
    """The latest published community ranking of the street the chosen organization belongs to (or is)."""
    ancestors = tree.ancestor_paths(within.path, include_self=True)
    latest = (QuarterlyRanking.objects.visible_to(user)
              .filter(street__path__in=ancestors, street__kind=OrgKind.STREET_COMMITTEE, year__lte=year,
                      published_at__isnull=False, applies_to=UnitKind.COMMUNITY)
              .order_by("-year", "-quarter").values("pk")[:1])
    entries = list(RankingEntry.objects.visible_to(user).filter(ranking=Subquery(latest))
                   .select_related("organization", "ranking").order_by("rank", "organization__path"))
    if not entries:
        if within.kind == OrgKind.DISTRICT:
            return None, "季度排名按街道发布：请在上方选择一个街道党工委。"
        return None, f"截至{year}年，尚未发布季度排名。"
    ranking = entries[0].ranking
    url = ranking.get_absolute_url()
    names = [e.organization.short_name or e.organization.name for e in entries]
    own = [n for e, n in zip(entries, names, strict=True) if e.organization.path.startswith(within.path)]
    previous = [None if e.previous_rank is None else Decimal(e.previous_rank) for e in entries]
    series = [Series("rank", "名次", "", [Cell(Decimal(e.rank), "", url) for e in entries], plot=False),
              Series("total", "季度总分", "分", [Cell(e.total, "分", url) for e in entries]),
              Series("previous_rank", "上季度名次", "", [Cell(p, "", url if p else "") for p in previous], plot=False)]
    chart = Chart("ranking", f"{ranking}（{ranking.get_applies_to_display()}）", "hbar", names,
                  [e.organization.name for e in entries], series, row_header="单位", link=("查看排名详情", url),
                  highlight=own if len(own) < len(entries) else [])
    return chart, ""


def build(user, within: Organization, year: int, today: date | None = None) -> Board:
    start, end = period(year, today)
    children = children_of(user, within)
    t = tally(user, within, year, start, end, today, children)
    cards = [(metrics.get(k).label, _cell(t, k, within, start, end), metrics.get(k).definition) for k in CARDS]
    ranking, ranking_note = _ranking_chart(user, within, year)
    child_charts, empty = _child_charts(t, within, children, start, end) if children else ([], [])
    children_note = (f"{'、'.join(empty)}：各下级组织均为 0（这些记录记在{within.name}本级），合计见下方“逐月趋势”。"
                     if empty else "")
    sections = [
        ("children", "下级组织主要指标", child_charts),
        ("ranking", "季度排名", [ranking] if ranking else []),
        ("trend", "逐月趋势", _trend_charts(t, within, year, start, end)),
        ("ledger", "问题与任务办理情况", [_ledger_chart(t, within, year, children)]),
    ]
    whole = t.stored[0] if t.stored else None
    return Board(within, year, start, end, cards, sections, ranking_note, children_note,
                 getattr(whole, "taken_at", None), getattr(whole, "refreshing", False))
