"""Section 三 of the annual report: next year's work, as the reference writes it.

An opening sentence, then headings that say what will be done, each followed by 一是…二是… (a single item is
written without an ordinal). The items come from the records: the visit requirements the cadres work to, next
year's responsibility letters and committee tasks (their targets are stated figures linked to the task), and
a measure for every weakness Section 二 found (`self.found`), naming the same units.
"""

import calendar

from django.urls import reverse

from dangjian.ledgers.choices import Category
from dangjian.ledgers.models import Task, VisitRequirement
from dangjian.orgs.choices import DemoSiteType

from .composer import NUMERALS, _n
from .figures import Figure
from .judging import verdict

# (heading, what is written under it in order: "duty" the committee's own responsibility, task categories, and
# "w:<kind>" the weaknesses of Section 二)
GROUPS = [
    ("强化责任担当，持续加强保障力度。", ["duty", Category.RESPONSIBILITY, Category.POSITION]),
    ("突出重点工作，全面夯实基层基础。", [Category.REGIONAL, "w:coop", Category.TWO_NEW, "w:two_new"]),
    ("创新党员教育管理，提升组织生活质量。", [Category.EDUCATION, "w:committee", "w:training"]),
    ("着力打造党建品牌，把特色亮点做扎实。", [Category.BRAND, "w:brand"]),
    ("落实帮扶制度，提升服务群众水平。", [Category.SERVICE, "w:care", "w:voice", Category.OTHER]),
]


def write_plans(self):
    """Section 三, written by the composer `self`."""
    nxt = self.year + 1
    self.add("h1", "三、下一步工作打算")
    self.add("p", f"{nxt}年，{self.leader}将坚持落实党建工作责任制，针对存在的问题，在履职尽责、攻坚克难、突破创新上"
                  "下功夫，持续提升基层党建工作水平。")
    p = _Planner(self, nxt)
    items = {str(key): [] for _, keys in GROUPS for key in keys}
    items["duty"] = p.duty()
    for t in p.tasks():
        items[t.category if t.category in items else Category.OTHER].append(p.task(t))
    for w in getattr(self, "found", []):
        items[f"w:{w.kind}"].append(p.measure(w))
    if self.is_street and p.has_two_new() and not items["w:two_new"]:
        items["w:two_new"] = [p.two_new_visits([])]
    if getattr(self, "brand_lead", None) and not items["w:brand"]:
        items["w:brand"] = [p.others_follow(*self.brand_lead)]
    i = 0
    for heading, keys in GROUPS:
        listed = [it for key in keys for it in items[str(key)]]
        if not listed:
            continue
        self.add("h2", f"（{_n(i)}）{heading}")
        self.add("p", *_ordinals(listed))
        i += 1
    self.narrative("next", "下一步工作补充")


def _ordinals(items) -> list:
    """一是…；二是…。 — or the single item alone, never a lone 一是."""
    if len(items) == 1:
        return [*items[0], "。"]
    parts = []
    for k, item in enumerate(items):
        parts += [("；" if k else "") + f"{_chinese(k + 1)}是", *item]
    return [*parts, "。"]


def _chinese(n: int) -> str:
    """1–99 in Chinese numerals (an ordinal, a month or a day written into the text, not a figure)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens - 1]) + "十" + (NUMERALS[ones - 1] if ones else "")


def when(deadline) -> str:
    """A deadline as the text says it: 一季度内, 上半年, 前三季度, 年底前, 11月底前, 5月20日前 — a date in Arabic
    numerals, as the report's opening writes its own ("截至12月1日")."""
    spoken = {(3, 31): "一季度内", (6, 30): "上半年", (9, 30): "前三季度", (12, 31): "年底前"}
    key = (deadline.month, deadline.day)
    if key in spoken:
        return spoken[key]
    if deadline.day == calendar.monthrange(deadline.year, deadline.month)[1]:
        return f"{deadline.month}月底前"
    return f"{deadline.month}月{deadline.day}日前"


FREQUENCY = ("每周", "每月", "每季度", "每半年")  # a title saying how often already states its target


class _Planner:
    def __init__(self, composer, year):
        self.c, self.f, self.org, self.year = composer, composer.f, composer.org, year
        self.req = VisitRequirement.current()

    def tasks(self) -> list:
        # The tasks this organization leads: its own, not those split down to it from the same organization.
        qs = self.c.scope.base(Task).filter(organization=self.org, year=self.year)
        return list(qs.exclude(parent__organization=self.org).order_by("deadline", "pk"))

    def task(self, t) -> list:
        """A task as the committee worded it: "上半年打造社区共驻共建服务项目2个" (the target a stated figure
        linked to the task). A title that says how often ("每月召开…") or a task without a target is written as
        titled: "年底前达到12次" would only repeat "每月", and a target forced onto "四级阵地" says nothing."""
        year_end = (t.deadline.month, t.deadline.day) == (12, 31)
        if t.target_value is None or any(word in t.title for word in FREQUENCY):
            return [t.title if year_end else f"{when(t.deadline)}{t.title}"]
        target = self.f.stated(f"task:{t.pk}", f"{self.year}年任务目标：{t.title}", t.target_value, t.target_unit,
                               f"{self.year}年任务清单中该任务的目标值", org=self.org,
                               link=reverse("ledgers:task", args=[t.pk]))
        return [f"{when(t.deadline)}{t.title}", target, t.target_unit]

    def requirement(self, field, label, unit, link) -> object:
        value = getattr(self.req, field)
        return self.f.stated(f"requirement:{field}", label, value, unit,
                             f"党工委规定的联系点走访要求：{label}", link=reverse(link))

    def duty(self) -> list:
        """The committee's own responsibility: the contact-point visits, the letters, the assessment."""
        f, org, c = self.f, self.org, self.c
        start, end = _year_span(self.year)
        letters = f("responsibility_letters", org, start, end)
        tasks = f.now("committee_tasks", org, start, end)
        items = []
        if c.is_street:
            req = self.requirement
            items.append([
                "落实党建工作责任制，完善党建联系点制度，要求科级干部每周至少到分包社区走访",
                req("visits_per_week", "每周走访分包社区", "次", "ledgers:cadre_table"),
                "次，每周至少收集问题", req("problems_collected_per_week", "每周收集问题", "个", "ledgers:cadre_table"),
                "个、解决问题", req("problems_solved_per_week", "每周解决问题", "个", "ledgers:cadre_table"),
                "个，每月走访弱势群体", req("households_per_month", "每月走访弱势群体", "户", "ledgers:cadre_table"),
                "户，通过“看、听、说、办”四步法，把群众困难放在首位，把问题解决在基层"])
        signed = [("与各社区" if c.is_street else "") + "签订党建目标责任书", letters, "份，"] if letters.value \
            else ["签订党建目标责任书，"]
        led = [f"{c.leader}牵头落实重点任务", tasks, "项，"] if tasks.value else []
        items.append([*signed, *led, "建立两级党建工作台账和“问题、任务、责任”清单，逐项明确责任人和完成时限"])
        items.append(["健全党建工作考核体系，继续实行“周总结、月考核、季排名”制度，将排名结果与绩效和评优评先挂钩"]
                     if c.is_street else ["认真落实“周总结、月考核、季排名”制度，对照考核指标逐月查找差距"])
        return items

    def has_two_new(self) -> bool:
        fam = next((x for x in getattr(self.c, "families", []) if x["family"] == "two_new"), None)
        return bool(fam and fam["units"])

    def two_new_visits(self, orgs) -> list:
        named = ["指导", _names(orgs), "按期开展“三会一课”，提高党员参与率，"] if orgs else []
        visits = self.requirement("two_new_visits_per_year", "每个“两新”组织每年走访调研", "次",
                                  "ledgers:two_new_table")
        return ["加大“两新”组织党建工作力度，", *named, "全年到每个“两新”组织走访调研不少于", visits,
                "次，以示范点带动辖区“两新”组织党组织全面发展"]

    def standard(self, key) -> list:
        """"，在职党员参与率力争达到街道考核要求的60%" — the street's standard for this year's figure of `key`,
        the same stated figure Section 二 judged it by (nothing when the street does not assess it)."""
        fig = self.f.now(key, self.org)
        rule = [p for p in verdict(self.f, fig, self.org) if isinstance(p, Figure)]
        return [f"，{fig.metric.label}力争达到街道考核要求的", rule[0], fig.metric.unit] if rule else []

    def others_follow(self, leaders, others) -> list:
        """The communities standing out lead the rest: "发挥甲、乙的示范带动作用，带动其余6个社区…"."""
        return ["发挥", _names(leaders), "的示范带动作用，带动其余", others,
                "个社区立足居民需求打造叫得响的党建品牌，把特色亮点做扎实"]

    def measure(self, w) -> list:
        """The measure answering a weakness of Section 二, naming the units found behind."""
        names = _names(w.orgs)
        if w.kind == "two_new":
            return self.two_new_visits(w.orgs) if self.c.is_street else \
                ["指导", names, "按期开展“三会一课”，提高党员参与率", *self.standard("two_new_participation")]
        if w.kind == "coop":
            who = ["指导", names, "用好区域党委和共建资源，"] if w.orgs else ["加强与共建单位的联管共建，"]
            return [*who, "与共建单位常态化开展联创共建活动，增强共建单位和在职党员参与积极性",
                    *self.standard("inservice_participation")]
        if w.kind == "committee":
            return ["加强", names, "的支部班子建设，注重把年纪较轻、文化程度较高的党员充实到支部班子中"]
        if w.kind == "training":
            who = ["指导", names, "减少单纯传达文件和理论学习，"] if w.orgs else ["减少单纯传达文件和理论学习，"]
            return ["创新党员管理方式，", *who, "增加实践教学、技能培训和红色教育等内容，",
                    "充分考虑党员年龄、职业和实际需要，利用好开放式组织生活基地、支部主题党日等载体，针对性开展组织生活"]
        if w.kind == "care":
            who = ["督促", names, "的红色帮扶小组"] if w.orgs else ["督促各红色帮扶小组"]
            return [*who, "按帮扶等级规定的间隔按期走访，把群众困难放在首位",
                    *self.standard("help_visits_on_time_rate")]
        if w.kind == "voice":
            return ["督促", names, "对居民反映的问题办结后逐件回访，居民认为未解决的及时分析原因、改进整改措施，",
                    "让居民满意率逐步提高"]
        # brand: the communities standing out (else the demonstration sites) help those behind
        lead_orgs = (getattr(self.c, "brand_lead", None) or ([],))[0]
        demo = lead_orgs or [o for o in self.c.scope.base(type(self.org)).filter(
            path__startswith=self.org.path, demo_site=DemoSiteType.COMMUNITY).order_by("path")]
        parts = ["发挥", _names(demo), "的示范带动作用，"] if demo else ["发挥示范社区的带动作用，"]
        if w.partial:
            parts += ["指导", _names(w.partial), "总结提炼已有的特色做法，完善服务内容，形成体系"]
        if w.orgs:
            parts += ["，" if w.partial else "", "帮助", names, "立足居民需求打造叫得响的党建品牌"]
        return [*parts, "，常态化开展品牌服务活动，实现社区服务的专业化、规范化"]


def _names(orgs) -> str:
    return "、".join(o.name for o in orgs)


def _year_span(year):
    from datetime import date

    return date(year, 1, 1), date(year, 12, 31)
