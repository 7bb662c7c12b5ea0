"""The annual implementation report, composed from the records.

The text is the team's template sentences with figures in them, plus the committee's own narrative
paragraphs (AnnualReport.narratives, one text per section key) placed after the template text of
their section. Numbers are never stored or typed: each export recomputes them from records dated in
the report's year, so a past year's report comes out the same as long as its records are unchanged.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from dangjian.assessment.scores.analysis import analyse
from dangjian.core import metrics
from dangjian.ledgers.choices import Category
from dangjian.ledgers.models import Task, VisitRequirement
from dangjian.orgs.choices import DemoSiteType, OrgKind
from dangjian.orgs.models import Organization
from dangjian.services.models import BrandProject

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
        f, org = self.f, self.org
        self.add("h1", "一、主要做法和成效")
        sites = list(
            Organization.objects.filter(path__startswith=org.path).exclude(demo_site=DemoSiteType.NONE).order_by("path")
        )
        communities = [s for s in sites if s.demo_site == DemoSiteType.COMMUNITY]
        two_new = [s for s in sites if s.demo_site == DemoSiteType.TWO_NEW]
        intro = ["辖区共有社区党组织", f("communities", org), "个、"] if self.is_street else ["辖区共有"]
        intro += ["基层党支部", f("branches", org), "个，党员", f("members", org), "名。"]
        if self.is_street and communities:
            intro.append(f"党工委确定{_names(communities)}为社区党建示范点")
            intro.append(f"，{_names(two_new)}为“两新”党建示范点。" if two_new else "。")
            intro.append("各示范点紧扣群众需求，创新方式方法，努力打造有自身特色的党建品牌。")
        elif communities:
            intro.append("本社区是街道党工委确定的社区党建示范点，紧扣群众需求，创新方式方法，"
                         "努力打造有自身特色的党建品牌。")
        else:
            intro.append("各级党组织紧扣群众需求，创新方式方法，努力打造有自身特色的党建品牌。")
        self.add("p", *intro)
        self.narrative("practices", "做法总述补充")
        i = 0
        brand_names: list[tuple[str, str]] = list(
            BrandProject.objects.filter(organization__path__startswith=org.path)
            .order_by("organization__path", "name")
            .values_list("organization__path", "name")
        )
        for site in communities:
            self.add("h2", f"（{_n(i)}）{site.name}：以区域化党建聚合资源，以服务品牌凝聚人心。")
            brands = [name for path, name in brand_names if path.startswith(site.path)][:6]
            self.add(
                "p",
                "吸纳共建单位",
                f("partner_units", site),
                "个，开展联创共建活动",
                f("joint_activities", site),
                "次，参加活动的在职党员",
                f("joint_activity_members", site),
                "名；协调解决群众反映的问题",
                f("problems_solved", site),
                "个。",
            )
            self.add(
                "p",
                "打造服务品牌",
                f("brands", site),
                "个" + (f"（{'、'.join(brands)}）" if brands else ""),
                "，开展品牌服务活动",
                f("brand_activities", site),
                "次、参与",
                f("brand_participants", site),
                "人次；党群服务阵地设有常设服务项目",
                f("standing_services", site),
                "项。志愿者经确认的服务时长",
                f("volunteer_hours", site),
                "小时，实现居民微心愿",
                f("wishes_fulfilled", site),
                "个。",
            )
            self.narrative(f"site_{site.pk}", f"{site.name}示范点补充")
            i += 1
        for site in two_new:
            self.add("h2", f"（{_n(i)}）{site.name}：发挥“两新”党建示范带动作用。")
            self.add(
                "p",
                "现有党员",
                f("members", site),
                "名，召开组织生活",
                f("meetings_held", site),
                "次，参加组织生活的党员",
                f("two_new_active_members", site),
                "名，参与率",
                f("two_new_participation", site),
                "%。",
            )
            self.narrative(f"site_{site.pk}", f"{site.name}示范点补充")
            i += 1
        self.add("h2", f"（{_n(i)}）志愿服务和惠民服务持续深化。")
        self.add(
            "p",
            f"全{self.area}组建志愿服务队",
            f("volunteer_teams", org),
            "支，开展志愿服务活动",
            f("volunteer_activities", org),
            "次，经确认的服务时长",
            f("volunteer_hours", org),
            "小时，党员人均",
            f("volunteer_hours_per_member", org),
            "小时；便民服务菜单项目",
            f("service_items", org),
            "项，便民服务联盟成员",
            f("alliance_members", org),
            "家，草根能人库在库",
            f("talents", org),
            "名。建立民情档案",
            f("resident_files", org),
            "份，红色帮扶小组开展帮扶走访",
            f("help_visits", org),
            "次，其中按帮扶等级规定间隔按期走访",
            f("help_visits_on_time", org),
            "次，及时率",
            f("help_visits_on_time_rate", org),
            "%。",
        )
        self.narrative("services", "志愿和惠民服务补充")
        i += 1
        self.add("h2", f"（{_n(i)}）民主治理和阵地建设不断加强。")
        self.add(
            "p",
            "按“一征三议两公开”完成民主决策事项",
            f("decisions_completed", org),
            "件，四大员形成监督记录",
            f("supervision_records", org),
            "条；建成党建阵地",
            f("positions", org),
            "处，功能室全年使用",
            f("room_bookings", org),
            "次。",
        )
        self.narrative("governance", "民主治理和阵地补充")

    def problems(self):
        f, org = self.f, self.org
        self.add("h1", "二、存在的主要问题及原因分析")
        families, threshold = analyse(self.scope, org, self.start, self.end)
        if families:
            self.f.known.update(families[0]["raw"])
            self.f.note(families[0]["raw"])
        by_family = {fam["family"]: fam for fam in families}
        rule = (
            f"（判断规则：某项指标低于全{self.area}各单位中位数的{100 - threshold}%，或越低越好的指标高于中位数的"
            f"{100 + threshold}%，即视为明显落后。）"
        )
        parts = self._family_sentences(by_family["brand"], "社区党建方面，")
        parts += self._family_sentences(by_family["two_new"], "“两新”组织党建方面，")
        if parts:
            self.add("h2", "（一）党建工作发展不平衡。")
            self.add("p", *parts, rule)
        else:
            # Nothing falls below the rule (or a community has no one to compare with): name the weakness
            # the figures still show.
            self.add("h2", "（一）党建品牌特色还不够鲜明。")
            lead = [f"对照各项指标{rule}，街道内各单位之间未发现明显落后的单位，但"] if self.is_street else []
            self.add("p", *lead, "叫得响的党建品牌还不多，常设服务项目", f("standing_services", org),
                     "项，品牌服务活动", f("brand_activities", org), "次，特色亮点有待进一步提炼。")
        self.narrative("imbalance", "发展不平衡补充")
        self.add("h2", "（二）区域化党建工作有待加强。")
        coop = self._family_sentences(by_family["coop"], "")
        self.add(
            "p",
            *([f("regional_committees", org), "个社区建立了区域党委，"] if self.is_street else
              ["社区区域党委吸纳共建单位", f("partner_units", org), "个，"]),
            "报到的在职党员",
            f("inservice_registered", org),
            "名，其中全年参与社区活动的",
            f("inservice_active", org),
            "名，参与率",
            f("inservice_participation", org),
            "%。",
            *(coop or (["各社区在职党员参与情况较为均衡，但参与的积极性还不够高。"] if self.is_street else
                       ["不少在职党员报到后参与社区活动的积极性还不够高。"])),
        )
        self.narrative("coop", "区域化党建问题补充")
        self.add("h2", "（三）党员教育管理有待加强。")
        self.add(
            "p",
            *(["辖区", f("communities", org), "个社区下辖"] if self.is_street else ["辖区"]),
            f("branches", org),
            "个基层党支部，支部班子成员",
            f("committee_members", org),
            "名中年龄偏大且学历不高的",
            f("committee_older_low_edu", org),
            "名，占",
            f("committee_older_share", org),
            "%；党员轮训",
            f("training_hours", org),
            "学时中，传达文件和理论学习占",
            f("training_theory_hours", org),
            "学时，占",
            f("training_theory_share", org),
            "%，学习内容和组织生活形式还不够丰富。",
            *self._family_sentences(by_family["committee"], ""),
            *self._family_sentences(by_family["training"], ""),
        )
        self.narrative("education", "党员教育管理问题补充")
        self.add(
            "p",
            "产生以上问题的原因主要有：一是对基层党建“硬任务”的认识还不到位，抓落实的力度上下不均；"
            "二是工作思路不够开阔，对新形势下基层党建的特点研究不深；三是统筹兼顾不够，力量和资源较多投向示范点。",
        )
        self.narrative("causes", "原因分析补充")

    def _family_sentences(self, fam, lead) -> list:
        parts = []
        for key in fam["keys"]:
            lagging = [x for x in fam["findings"] if x.key == key]
            if not lagging:
                continue
            m = metrics.get(key)
            parts.append(f"{lead}{m.label}的中位数为{fam['stats'][key]['median']:.1f}{m.unit}，")
            for k, finding in enumerate(lagging):
                parts += [("、" if k else ""), f"{finding.org.name}", self.f(key, finding.org), m.unit]
            parts.append("，明显" + ("偏低" if m.higher_is_better else "偏高") + "。")
            lead = ""
        return parts

    def next_steps(self):
        f, org = self.f, self.org
        nxt = self.year + 1
        self.add("h1", "三、下一步工作打算")
        self.add(
            "p",
            f"{nxt}年，{self.leader}将继续落实党建工作责任制，坚持“周总结、月考核、季排名”，把排名结果与绩效和评优评先挂钩。",
        )
        req = VisitRequirement.current()
        start, end = date(nxt, 1, 1), date(nxt, 12, 31)
        self.add("h2", "（一）强化责任担当。")
        if self.is_street:
            self.add(
                "p",
                f"要求科级干部每周至少到分包社区走访{req.visits_per_week}次，每周至少收集问题"
                f"{req.problems_collected_per_week}个、解决问题{req.problems_solved_per_week}个，每月走访弱势群体"
                f"{req.households_per_month}户，每个“两新”组织每年走访调研不少于{req.two_new_visits_per_year}次；"
                "与社区签订目标责任书",
                f("responsibility_letters", org, start, end),
                "份，党工委牵头任务",
                f("committee_tasks", org, start, end),
                "项。",
            )
        else:
            self.add("p", "签订党建目标责任书", f("responsibility_letters", org, start, end), "份，本社区牵头任务",
                     f("committee_tasks", org, start, end), "项，逐项明确责任人和完成时限。")
        # The tasks this organization leads: its own, not those split down to it from the same organization.
        tasks = list(
            Task.objects.filter(organization=org, year=nxt).exclude(parent__organization=org)
            .order_by("category", "deadline")
        )
        groups: dict[str, list] = {}
        for t in tasks:
            groups.setdefault(t.category, []).append(t)
        for i, (category, items) in enumerate(groups.items(), start=1):
            self.add("h2", f"（{_n(i)}）{Category(category).label}。")
            sentences = []
            for k, t in enumerate(items):
                target = f"，目标{t.target_value.normalize():f}{t.target_unit}" if t.target_value is not None else ""
                when = f"{t.deadline.month}月{t.deadline.day}日"
                sentences.append(f"{_n(k)}是{t.title}{target}，{when}前完成。")
            self.add("p", "".join(sentences))
        self.narrative("next", "下一步工作补充")


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
