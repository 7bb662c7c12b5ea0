"""The annual implementation report, composed from the records.

The text is the team's template sentences with figures in them, plus the committee's own narrative
paragraphs (AnnualReport.narratives, one text per section key) placed after the template text of
their section. Numbers are never stored or typed: each export recomputes them from records dated in
the report's year, so a past year's report comes out the same as long as its records are unchanged.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from dangjian.core import metrics
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .figures import Figure, FigureBook

# Two lines, broken where the meaning breaks (a 22 pt line holds 20 characters; GB/T 9704 7.3.3).
DEFAULT_TITLE = "关于基层党建“三张清单”制度\n落实情况的报告"
NUMERALS = "一二三四五六七八九十"


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


def _n(i: int) -> str:
    return NUMERALS[i] if i < len(NUMERALS) else str(i + 1)


def _names(orgs) -> str:
    return "、".join(o.name for o in orgs)


class Composer:
    def __init__(self, org, year, scope=None, narratives=None, recipient="区委组织部", title=""):
        self.org, self.year = org, year
        self.scope = scope or metrics.Scope()
        self.start, self.end = date(year, 1, 1), date(year, 12, 31)
        self.f = FigureBook(self.scope, self.start, self.end)
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
    def compose(self, signed_on=None) -> Report:
        f, org = self.f, self.org
        self.add("title", self.title)
        self.add("recipient", self.recipient)
        self.add(
            "p",
            f"{self.year}年，{org.name}坚持大抓基层、大抓基础，把问题、任务、责任“三张清单”作为推进基层党建的"
            "主要抓手，各项工作靠清单推动、按台账落实。全年列入问题清单的问题",
            f("problems_found", org),
            "个，已整改",
            f("problems_solved", org),
            "个，其中经验收通过",
            f("problems_verified", org),
            "个；到期落实任务",
            f("tasks_due", org),
            "项，按时完成",
            f("tasks_on_time", org),
            "项；召开组织生活",
            f("meetings_held", org),
            "次。现将落实情况报告如下：",
        )
        self.narrative("opening", "开头段落补充")
        self.practices()
        self.problems()
        self.next_steps()
        signed_on = signed_on or min(timezone.localdate(), date(self.year, 12, 31))
        signature = org.name if org.name.startswith("中共") else f"中共{org.name}"
        self.add("signature", signature)
        self.f.resolve()
        return Report(org, self.year, self.blocks, self.f.figures, signed_on, signature, self.sections,
                      self.f.taken_at, self.f.refreshing)

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


def compose(org, year, scope=None, report=None) -> Report:
    narratives = report.narratives if report else {}
    composer = Composer(
        org,
        year,
        scope,
        narratives,
        recipient=(report.recipient if report else default_recipient(org)),
        title=(report.title if report else ""),
    )
    from dangjian.assessment.models import AnalysisRule

    with AnalysisRule.held():
        return composer.compose(signed_on=report.signed_on if report else None)
