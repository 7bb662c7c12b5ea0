"""The annual implementation report, composed from the records.

The text is the team's template sentences with figures in them, plus the committee's own narrative
paragraphs (AnnualReport.narratives, one text per section key) placed after the template text of
their section. Numbers are never stored or typed: each export recomputes them from records dated in
the report's year, so a past year's report comes out the same as long as its records are unchanged.

Only what had happened when the report is written counts: the period ends on the report's date (its
成文日期 when the committee set one, else today) when that falls inside the year. A period in which
nothing was recorded (`CORE_DATED`) is refused with `NothingToReport` rather than written as a page of
zeros — the page, the downloads and the `report` command all come through `compose`.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from dangjian.core import metrics
from dangjian.core.workflow import Refused
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .figures import Figure, FigureBook, Later
from .judging import verdict

# Two lines, broken where the meaning breaks (a 22 pt line holds 20 characters; GB/T 9704 7.3.3).
DEFAULT_TITLE = "关于基层党建“三张清单”制度\n落实情况的报告"
NUMERALS = "一二三四五六七八九十"
# The dated records whose absence means there is nothing to report for a period: the three lists' problems
# and tasks, organization life, volunteer and joint activities, and the cadres' visits.
CORE_DATED = ("problems_found", "tasks_due", "meetings_held", "volunteer_activities", "joint_activities",
              "community_visits")


class NothingToReport(Refused):
    """The period holds no records to report (or has not begun by the report's date): a clear refusal,
    never an all-zero report. The page shows the message; downloads and the command pass it on."""


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass
class Block:
    kind: str  # title, recipient, h1, h2, p, narrative, signature
    parts: list = field(default_factory=list)  # str and Figure
    section: str = ""

    @property
    def text(self) -> str:
        return "".join(p.text if isinstance(p, Figure) else p for p in self.parts)


@dataclass
class Report:
    org: Organization
    year: int
    blocks: list
    figures: list
    signed_on: date
    signature: str
    sections: list  # (key, label) a committee may write a paragraph for
    taken_at: object = None  # when the oldest stored figure in it was computed
    refreshing: bool = False  # the job queue is bringing some figure up to date
    start: date | None = None  # the period counted: the year, ending on the report's date if that is earlier
    end: date | None = None


def _n(i: int) -> str:
    return NUMERALS[i] if i < len(NUMERALS) else str(i + 1)


def _names(orgs) -> str:
    return "、".join(o.name for o in orgs)


class Composer:
    def __init__(self, org, year, scope=None, narratives=None, recipient="区委组织部", title="", signed_on=None,
                 today=None):
        self.org, self.year = org, year
        self.scope = scope or metrics.Scope()
        self.today = today or timezone.localdate()
        self.signed_on = signed_on
        # Records count up to the day the report is written: its date when set, never later than today.
        self.until = min(d for d in (self.today, signed_on) if d is not None)
        self.start, self.end = date(year, 1, 1), min(date(year, 12, 31), self.until)
        self.f = FigureBook(self.scope, self.start, max(self.start, self.end), until=self.until)
        self.narratives = narratives or {}
        self.blocks: list[Block] = []
        self.sections: list[tuple[str, str]] = []
        self.recipient, self.title = recipient, title or DEFAULT_TITLE
        # A street reports as the committee over its communities; a community as itself to its street.
        self.is_street = org.kind == OrgKind.STREET_COMMITTEE
        self.leader, self.area = ("党工委", "街道") if self.is_street else ("社区党委", "社区")

    # -- building blocks --------------------------------------------------------------------------
    def add(self, kind, *parts, section=""):
        self.blocks.append(Block(kind, list(parts), section))

    def narrative(self, key, label):
        self.sections.append((key, label))
        for line in (self.narratives.get(key) or "").splitlines():
            if line.strip():
                self.add("narrative", line.strip(), section=key)

    # -- the document -----------------------------------------------------------------------------
    def compose(self) -> Report:
        f, org = self.f, self.org
        signed_on = self.signed_on or self.end  # the day the records were counted to, unless the committee dated it
        if self.end < self.start:
            raise NothingToReport(self.not_begun())
        f.probe(CORE_DATED, org)  # counted with the first batch: is there anything to report at all?
        self.add("title", self.title)
        self.add("recipient", self.recipient)
        self.opening()
        self.narrative("opening", "开头段落补充")
        self.practices()
        self.problems()
        self.next_steps()
        from .letterhead import signature_for  # a street's committee by its full name, as the street set it

        signature = signature_for(org)
        self.add("signature", signature)
        self.f.resolve()
        if not any(f.counted(key, org) for key in CORE_DATED):
            raise NothingToReport(self.no_records())
        self.settle()
        return Report(org, self.year, self.blocks, self.f.figures, signed_on, signature, self.sections,
                      self.f.taken_at, self.f.refreshing, self.start, self.end)

    def opening(self):
        """The overview: what the three lists held, and each rate judged against the street's own rule."""
        f, org = self.f, self.org
        span = "全年" if self.end == date(self.year, 12, 31) else f"截至{self.end.month}月{self.end.day}日，本年度"
        self.add(
            "p",
            f"{self.year}年，{org.name}坚持大抓基层、大抓基础，把问题、任务、责任“三张清单”作为推进基层党建的"
            f"主要抓手，各项工作靠清单推动、按台账落实。{span}新列入问题清单的问题",
            f("problems_found", org),
            "个；整改完成问题",
            f("problems_solved", org),
            "个，经验收通过",
            f("problems_verified", org),
            "个；到期落实任务",
            f("tasks_due", org),
            "项，按时完成",
            f("tasks_on_time", org),
            "项",
            *self.rate("，按时完成率", "tasks_on_time_rate"),
            "；召开组织生活",
            f("meetings_held", org),
            "次",
            *self.rate("，按规定频次开足组织生活的支部占", "org_life_compliance"),
            "。现将落实情况报告如下：",
        )

    def rate(self, lead: str, key: str) -> list:
        """"，按时完成率R%，低于街道考核要求的100%" — or nothing when there was nothing to count (no task due):
        a rate of nothing is neither good nor bad, and is not listed either. Its parts are counted with the
        other figures; the rate is asked once they are."""
        num_key, den_key = metrics.get(key).ratio
        self.f(num_key, self.org)
        den = self.f(den_key, self.org)

        def decide():
            if not den.value:
                return []
            fig = self.f(key, self.org)
            self.f.resolve()
            return [lead, fig, fig.metric.unit, *verdict(self.f, fig, self.org)]

        return [self.f.later(decide)]

    def settle(self):
        """Decide the words left until the figures were counted, then number the figures as the text reads."""
        for block in self.blocks:
            parts = []
            for part in block.parts:
                parts += self._settled(part)
            block.parts = parts
        self.f.resolve()  # a figure first asked by a late decision (its parts are counted already)
        self.f.renumber(self.blocks)

    def _settled(self, part) -> list:
        if not isinstance(part, Later):
            return [part]
        self.f.resolve()
        return [p for q in part.decide() for p in self._settled(q)]

    def not_begun(self) -> str:
        if self.signed_on is not None and self.signed_on < self.start:
            return (f"报告的成文日期（{_day(self.signed_on)}）早于{self.year}年，没有可以统计的记录；"
                    "请修改成文日期后再生成报告。")
        return f"{self.year}年尚未开始，没有可以统计的记录；请选择已开始的年度。"

    def no_records(self) -> str:
        return (f"{self.org.name}在{_day(self.start)}至{_day(self.end)}期间没有任何工作记录（问题清单、到期任务、"
                "组织生活、志愿服务活动、联创共建活动和干部走访均为零），不能生成报告；请先在平台录入本期的"
                "工作记录，或选择其他年度。")

    def practices(self):
        from .practices import write_practices

        write_practices(self)

    def problems(self):
        from .problems import write_problems

        write_problems(self)

    def next_steps(self):
        from .plans import write_plans

        write_plans(self)


def default_recipient(org) -> str:
    """A street reports to the district's organization department; a community to its street."""
    if org.kind == OrgKind.STREET_COMMITTEE:
        return "区委组织部"
    parent = org.parent_org()
    return parent.name if parent else "区委组织部"


def compose(org, year, scope=None, report=None, today=None) -> Report:
    """The report of `org` for `year` as the records stand (raises `NothingToReport` for an empty period)."""
    narratives = report.narratives if report else {}
    composer = Composer(
        org,
        year,
        scope,
        narratives,
        recipient=(report.recipient if report else default_recipient(org)),
        title=(report.title if report else ""),
        signed_on=(report.signed_on if report else None),
        today=today,
    )
    from dangjian.assessment.models import AnalysisRule

    with AnalysisRule.held():
        return composer.compose()
