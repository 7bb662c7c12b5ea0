"""Section 二 of the annual report: the imbalance found in the figures, and its causes.

Everything here comes from one imbalance analysis (assessment/scores/analysis.py). A unit is named as behind
only when the analysis finds it so, with its value and how far it is from the median, each a figure; a
sub-section that finds no one behind says so of its own comparison only, so no sub-section contradicts another,
and its heading follows what was found. The rule is not printed in the 公文: its threshold and the medians are
stated figures, listed in the appendix and linked to the analysis page. The causes are drawn from the same
findings. What is found is kept on the composer (`self.found`) for Section 三, which answers each weakness with
a measure naming the same units.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from dangjian.assessment.scores.analysis import MIN_UNITS, RULE_TEXT, analyse
from dangjian.core import metrics
from dangjian.orgs.choices import DemoSiteType
from dangjian.services.models import BrandProject

from .composer import _n
from .judging import meets, rule, verdict

BRAND_KEYS = ("brands", "brand_activities", "brand_participants", "standing_services")
COUNTED = ("个", "项", "次", "支", "家")  # units of things one "has" (还没有服务品牌), not of people counted


@dataclass
class Weakness:
    """A weakness Section 二 found and Section 三 must answer: its kind (an analysis family) and the units."""

    kind: str
    orgs: list = field(default_factory=list)
    partial: list = field(default_factory=list)  # brand: communities whose brand is there but not yet a system


def write_problems(self):
    """Section 二, written by the composer `self`."""
    self.add("h1", "二、存在的主要问题及原因分析")
    families, threshold = analyse(self.scope, self.org, self.start, self.end)
    if families:
        self.f.known.update(families[0]["raw"])
        self.f.note(families[0]["raw"])
    # The area's own figures this section may state, counted in one batch with the figures before them (words that
    # depend on a value ask for it at once: had any figure been left open, each asking would cost another batch).
    self.f.probe(["regional_committees" if self.is_street else "partner_units", "inservice_registered",
                  "inservice_active", "training_hours", "training_theory_hours", "committee_older_low_edu",
                  "committee_members", "communities", "branches", "help_visits", "help_visits_on_time", "brands",
                  "standing_services", "brand_activities", "feedback_answered", "feedback_fixed"], self.org)
    w = _Writer(self, {fam["family"]: fam for fam in families}, threshold)
    if any(s["compared"] >= 2 for fam in families for s in fam["stats"].values()):
        w.rule()  # the rule behind every comparison below: in the appendix, not in the body
    subsections = [w.imbalance(), w.coop(), w.education(), w.care(), w.voice()]
    self.found, self.families, self.brand_lead = w.found, families, w.brand_lead
    narratives = [("imbalance", "发展不平衡补充"), ("coop", "区域化党建问题补充"),
                  ("education", "党员教育管理问题补充"), ("care", "帮扶走访问题补充"),
                  ("voice", "居民诉求办理问题补充")]
    i = 0
    for found, (key, label) in zip(subsections, narratives, strict=True):
        if found:
            heading, parts = found
            self.add("h2", f"（{_n(i)}）{heading}")
            self.add("p", *parts)
            i += 1
        self.narrative(key, label)
    self.add("p", *w.causes())
    self.narrative("causes", "原因分析补充")


class _Writer:
    def __init__(self, composer, families, threshold):
        self.c, self.f, self.org = composer, composer.f, composer.org
        self.families, self.threshold = families, threshold
        self.found: list[Weakness] = []
        self.analysis_url = reverse("assessment:analysis") + "?" + urlencode(
            {"within": self.org.pk, "start": composer.start.isoformat(), "end": composer.end.isoformat()})
        self.demo_lead = None  # (key, demonstration communities' findings, others figure) when they lead
        self.brand_lead = None  # (leaders' findings, others figure): communities standing out on brands

    # -- figures of the analysis ------------------------------------------------------------------------------
    def compared(self, family, key) -> bool:
        fam = self.families.get(family)
        return bool(fam) and fam["stats"][key]["compared"] >= 2

    def lagging(self, family, key=None) -> list:
        fam = self.families.get(family)
        return [x for x in (fam["findings"] if fam else []) if key is None or x.key == key]

    def leaders(self, family, key) -> list:
        fam = self.families.get(family)
        return [x for x in (fam["leaders"] if fam else []) if x.key == key]

    def median(self, family, key):
        m, fam = metrics.get(key), self.families[family]
        who = "“两新”组织" if family == "two_new" else "社区"
        label = m.label.removeprefix("两新组织")
        value = fam["stats"][key]["median"]
        if m.unit == "%":  # shown as the rates it is the median of
            value = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return self.f.stated(f"median:{key}", f"各{who}{label}的中位数", value, m.unit,
                             f"全{self.c.area}各{who}{m.label}（{m.definition}）的中位数，见不平衡分析",
                             org=self.org, link=self.analysis_url, measured=True)

    def rule(self):
        return self.f.stated("threshold", "明显落后判定阈值", self.threshold, "%", RULE_TEXT, org=self.org,
                             link=self.analysis_url)

    def gap(self, finding):
        """How far `finding` is from the median, a figure in the metric's own terms: percentage points for a
        rate (unit "个百分点"), the plain difference for a count (a percentage of a median reads as points)."""
        m = metrics.get(finding.key)
        rate = m.unit == "%"
        word = "高出" if finding.value > finding.median else "低于"
        how = ("本单位比率与中位数之差的绝对值（百分点）" if rate else f"本单位{m.label}与中位数之差的绝对值")
        return self.f.stated(f"gap:{finding.key}", f"{m.label}{word}中位数的幅度", finding.gap,
                             "个百分点" if rate else m.unit, f"{how}，见不平衡分析", org=finding.org,
                             link=self.analysis_url, measured=True)

    def behind(self, family, key, lead="", label="", judged=False) -> list:
        """"{lead}甲{label}仅为v%、乙仅为w%，分别比中位数M%低g、h个百分点" (a count: "比中位数M次少g次") — the
        units behind on one metric, each value
        and gap a figure (`judged`: each value also against the street's standard); units with none at all
        "还没有{label}"."""
        found = self.lagging(family, key)
        m = metrics.get(key)
        zero = [x for x in found if x.value == 0 and m.higher_is_better]
        some = [x for x in found if x not in zero]
        parts = [lead]
        for k, x in enumerate(some):
            fig = self.f(key, x.org)
            parts += ["、" if k else "", x.org.name, "" if k else label, "仅为" if m.higher_is_better else "达",
                      fig, m.unit, *(verdict(self.f, fig, x.org) if judged else [])]
        if some:
            rate = m.unit == "%"
            parts += ["，", "分别" if len(some) > 1 else "", "比中位数", self.median(family, key), m.unit,
                      ("低" if rate else "少") if m.higher_is_better else ("高" if rate else "多")]
            for k, x in enumerate(some):
                parts += ["、" if k else "", self.gap(x)]
            parts.append("个百分点" if rate else m.unit)
        if zero:
            none = f"还没有{label}" if m.unit in COUNTED else f"的{label}为零"
            parts += ["；" if some else "", _names(x.org for x in zero), none]
        return parts

    def weakness(self, kind, orgs, shown=False, partial=()):
        """Record what was found: units named behind, or (`shown`) a weakness of the whole area without names."""
        orgs = list(dict.fromkeys(orgs))
        if orgs or shown or partial:
            self.found.append(Weakness(kind, orgs, list(partial)))

    # -- （一）党建工作发展不平衡 -----------------------------------------------------------------------------------
    def imbalance(self):
        f, org = self.f, self.org
        sentences, behind_orgs, partial = [], [], []
        landscape = self.brand_landscape()
        if landscape:
            parts, behind_orgs, partial = landscape
            sentences += parts
        for key in BRAND_KEYS[1:] if landscape else BRAND_KEYS:  # the landscape has said who has no brand
            if self.lagging("brand", key):
                sentences += self.behind("brand", key, "；" if sentences else "", metrics.get(key).label)
                behind_orgs += [x.org for x in self.lagging("brand", key)]
        if sentences:
            sentences = ["社区党建方面，“不平衡”主要体现在党建品牌特色上。", *sentences, "。"]
        self.weakness("brand", behind_orgs, partial=partial)
        two_new = self.lagging("two_new", "two_new_participation")
        if two_new:
            sentences += self.two_new_sentence(two_new)
        if sentences:
            return "党建工作发展不平衡。", sentences
        # Nothing falls behind on these comparisons: say so of them only, and name the weakness the totals show.
        parts = []
        brand_compared = any(self.compared("brand", k) for k in BRAND_KEYS)
        if brand_compared or self.compared("two_new", "two_new_participation"):
            who = "各社区在服务品牌、品牌服务活动和常设服务项目上" if brand_compared else ""
            if self.compared("two_new", "two_new_participation"):
                who += ("，" if who else "") + "各“两新”组织在党员参与率上"
            parts += [who, "均未比中位数低", self.rule(), "%以上；但"]
        parts += [f"全{self.c.area}打造服务品牌", f("brands", org), "个、常设服务项目", f("standing_services", org),
                  "项，开展品牌服务活动", f("brand_activities", org), "次，叫得响的党建品牌还不多，",
                  "特色亮点有待进一步提炼。"]
        return "党建品牌特色还不够鲜明。", parts

    def brand_landscape(self):
        """The communities' brands as Section 一 names them, in three kinds: a brand that is a system (it has
        sub-services, or at least three standing items or practices) stands out; a brand without one is there
        but 有待完善; a community with none 还没有党建品牌 (counted: a figure). Nothing when all are of one kind.
        Returns (parts, the communities without a brand, those whose brand is not yet a system)."""
        fam = self.families.get("brand")
        units = fam["units"] if fam else []
        if len(units) < MIN_UNITS:
            return None
        from .practices import brand_word

        rows = (self.c.scope.base(BrandProject).filter(organization__path__startswith=self.org.path,
                                                        parent__isnull=True)
                .select_related("organization").annotate(n_parts=Count("parts")).order_by("organization__path", "pk"))
        own, under = {u.pk: [] for u in units}, {u.pk: [] for u in units}
        for b in rows:
            u = next((u for u in units if b.organization.path.startswith(u.path)), None)
            if u is not None:
                (own if b.organization_id == u.pk else under)[u.pk].append(b)
        named = {u.pk: own[u.pk] or under[u.pk] for u in units}

        def system(b):
            return b.n_parts > 0 or len([x for x in b.standing_items.splitlines() if x.strip()]) >= 3

        standout = [u for u in units if any(system(b) for b in named[u.pk])]
        partial = [u for u in units if named[u.pk] and u not in standout]
        none = [u for u in units if not named[u.pk]]
        if sum(1 for group in (standout, partial, none) if group) < 2:
            return None

        def said(group):
            return "、".join(f"{_short(u)}的{_and([brand_word(b) for b in named[u.pk][:3]])}" for u in group)

        parts = []
        if standout:
            parts.append(f"{said(standout)}特色相对突出")
        if partial:
            parts.append(f"{'，' if parts else ''}{'而' if standout else ''}{said(partial)}等特色缺乏系统性、有待完善")
        if none:
            n = self.f.stated("none:brands", "还没有党建品牌的社区", len(none), "个",
                              f"参加比较的社区中，{metrics.get('brands').label}（{metrics.get('brands').definition}）"
                              "为零的社区个数，见不平衡分析", org=self.org, link=self.analysis_url)
            parts += ["，" if parts else "", "、".join(_short(u) for u in none), "等" if len(none) > 1 else "",
                      n, "个社区还没有党建品牌，特色亮点则不够突出"]
        if standout:
            others = self.f.stated("others:brands", "党建品牌特色未相对突出的社区", len(units) - len(standout), "个",
                                   "参加比较的社区中，没有成体系的党建品牌（下设特色服务，或有三项以上常设服务项目、"
                                   "做法）的社区个数，见不平衡分析", org=self.org, link=self.analysis_url)
            self.brand_lead = (standout, others)
            demo = [u for u in units if u.demo_site == DemoSiteType.COMMUNITY]
            if demo and all(u in standout for u in demo):
                self.demo_lead = (standout, others, bool(partial), bool(none))
        return parts, none, partial

    def two_new_sentence(self, found):
        """The two-new organizations whose members take part as the street requires (`judging.meets`: only those
        are called good, and of participation, not of how often they meet), then those who hardly take part."""
        key = "two_new_participation"
        fam = self.families["two_new"]
        behind = {x.org.pk for x in found}
        good = []
        for u in sorted((u for u in fam["units"] if u.pk not in behind and fam["table"][u.pk].get(key) is not None),
                        key=lambda u: -fam["table"][u.pk][key]):
            fig = self.f(key, u)
            standard = rule(self.f, fig, u)
            if standard is not None and fam["table"][u.pk][key] >= standard[0]:
                good.append((u, fig))
        good = good[:3]
        parts = ["“两新”组织党建方面，"]
        if good:
            parts += [_names(u for u, _ in good), "党员参与率", "分别为" if len(good) > 1 else "为"]
            for k, (_, fig) in enumerate(good):
                parts += ["、" if k else "", fig, "%"]
            said = verdict(self.f, good[0][1], good[0][0])  # "，达到街道考核要求的80%": each met it
            if len(good) > 1 and len(said) == 3:
                said = ["，均" + said[0].removeprefix("，"), *said[1:]]
            parts += [*said, "，党员参加组织生活比较积极；而"]
        parts += self.behind("two_new", key, label="党员参与率", judged=True)
        parts.append("，“两新”组织党组织作用未能得到充分有效发挥。")
        self.weakness("two_new", [x.org for x in found])
        return parts

    # -- （二）区域化党建 -----------------------------------------------------------------------------------------
    def coop(self):
        f, org, c = self.f, self.org, self.c
        base = f("regional_committees", org) if c.is_street else f("partner_units", org)
        rate = f.now("inservice_participation", org)
        registered = rate.parts[1]
        low = bool(registered.value) and meets(f, rate, org) is False
        behind = self.lagging("coop")
        if not behind and not low:
            return None
        parts = []
        if base.value:
            parts += ([base, "个社区建立了区域党委，"] if c.is_street else ["社区区域党委吸纳共建单位", base, "个，"])
        if registered.value:
            parts += ["报到的在职党员", registered, "名，其中参与社区活动的", rate.parts[0], "名，参与率", rate, "%",
                      *verdict(f, rate, org)]
            parts.append("，不少在职党员报到后参与社区建设和活动的积极性还不够高" if low else "")
        for key in ("joint_activities", "inservice_participation"):
            if self.lagging("coop", key):
                parts += self.behind("coop", key, "；从各社区看，" if parts else "从各社区看，", metrics.get(key).label)
        parts.append("。")
        self.weakness("coop", [x.org for x in behind], shown=low)
        return "区域化党建工作有待加强。", parts

    # -- （三）党员教育管理 ---------------------------------------------------------------------------------------
    def education(self):
        f, org, c = self.f, self.org, self.c
        older, theory = f("committee_older_low_edu", org), f("training_theory_hours", org)
        hours = f.now("training_hours", org)
        committee, training = self.lagging("committee"), self.lagging("training")
        heavy = hours.value and theory.value * 2 > hours.value  # more than half of the hours: theory only
        overdue = f.now("terms_overdue", org)  # 换届: committees past their term with no new election
        if not (committee or training or heavy or older.value or overdue.value):
            return None
        parts = (["辖区", f("communities", org), "个社区下辖"] if c.is_street else ["辖区"])
        parts += [f("branches", org), "个基层党支部，支部班子成员", f("committee_members", org),
                  "名中年龄偏大且学历不高的", older, "名，占", f("committee_older_share", org), "%"]
        if committee:
            parts += self.behind("committee", "committee_older_share", "，从各社区看，", "这一占比")
        if overdue.value:
            parts += ["；", _names(self.overdue_terms()), "班子任期已届满、尚未按期换届，共", overdue, "个党组织"]
        parts += ["；党员轮训", hours, "学时中，传达文件和理论学习占", theory, "学时，占",
                  f("training_theory_share", org), "%"]
        if training:
            parts += self.behind("training", "training_theory_share", "，从各社区看，", "理论类学时占比")
        parts.append("，使得党员学习内容和组织生活形式比较单一，效果也大打折扣。" if heavy or training else
                     "，各基层党支部对党员教育管理的办法还不多。")
        self.weakness("committee", [x.org for x in committee])
        self.weakness("training", [x.org for x in training], shown=bool(heavy))
        return "党员教育管理有待加强。", parts

    def overdue_terms(self) -> list:
        """The organizations the `terms_overdue` figure counts, by name (the rows behind the figure)."""
        from dangjian.orgs.terms import CommitteeTerm

        rows = metrics.get("terms_overdue").rows(self.c.scope.base(CommitteeTerm), self.org, self.c.start, self.c.end)
        return [t.organization for t in rows.select_related("organization").order_by("organization__path")]

    # -- （四）帮扶走访 ---------------------------------------------------------------------------------------------
    def care(self):
        f, org = self.f, self.org
        rate = f.now("help_visits_on_time_rate", org)
        behind = self.lagging("care")
        low = bool(rate.parts[1].value) and meets(f, rate, org) is False
        if not behind and not low:
            return None
        parts = ["红色帮扶小组开展帮扶走访", f("help_visits", org), "次，其中按帮扶等级规定间隔按期走访",
                 f("help_visits_on_time", org), "次，及时率", rate, "%", *verdict(f, rate, org)]
        if behind:
            parts += self.behind("care", "help_visits_on_time_rate", "；从各社区看，", "及时率")
        parts.append("，帮扶制度还没有完全落到实处。")
        self.weakness("care", [x.org for x in behind], shown=low)
        return "民情帮扶走访还不够及时。", parts

    def voice(self):
        """Residents asked after their problem was resolved: the communities whose residents more often say it is
        not fixed than the median community's (the 居民满意度 family of the analysis)."""
        behind = self.lagging("satisfaction", "resident_satisfaction")
        if not behind:
            return None
        f, org = self.f, self.org
        parts = ["居民反映的问题办结后回访，居民答复", f("feedback_answered", org), "件，其中认为已解决",
                 f("feedback_fixed", org), "件，满意率", f("resident_satisfaction", org), "%",
                 *self.behind("satisfaction", "resident_satisfaction", "；从各社区看，", "满意率"),
                 "，有的问题整改后没有真正解决居民的困难。"]
        self.weakness("voice", [x.org for x in behind])
        return "居民诉求办理还不够到位。", parts

    # -- 原因分析 --------------------------------------------------------------------------------------------------
    def causes(self) -> list:
        """Why what was found happened, each cause only when a finding above supports it: an explanation (how
        the work was thought of and run), not the finding again; units are named only where the cause is theirs
        alone (the demonstration sites favoured)."""
        kinds = {w.kind: w for w in self.found}
        causes = []
        if "two_new" in kinds or "coop" in kinds:
            body = ["主观上认为党建工作是软任务，没有把抓基层党建工作作为硬指标抓落实"]
            if "two_new" in kinds:
                body.append("；对“两新”组织党建工作，认为企业党员少、生产经营忙，按要求完成规定任务就行了，"
                            "对党员参加组织生活督促检查不够，有的党组织“三会一课”流于形式")
            if "coop" in kinds:
                body.append("；对区域化党建，满足于共建单位签约、在职党员报到，报到后的组织发动和跟踪管理没有跟上，"
                            "共建活动与在职党员的专长和时间对接不够")
            causes.append(("思想认识存在偏差", body))
        if "training" in kinds or "committee" in kinds:
            body = ["工作中落实上级要求比较多，对新形势下党员教育管理的特点缺乏深入系统研究"]
            if "committee" in kinds:
                body.append("，支部班子调整时求稳，对年纪较轻、文化程度较高的党员培养储备不够")
            if "training" in kinds:
                body.append("，组织党员学习习惯于读文件、讲理论的老办法，对实践教学、技能培训、红色教育等形式探索不够")
            causes.append(("工作思路不够开阔", body))
        if self.demo_lead:
            standout, others, partial, none = self.demo_lead
            body = ["工作中更注重党建示范点的建设，力量和共建资源多向", "、".join(_short(u) for u in standout),
                    "倾斜，对其余", others, "个社区的品牌培育指导和经验提炼投入相对较少"]
            if partial:
                body.append("，已有的特色做法多停留在单项活动，没有总结提炼成体系")
            if none:
                body.append("，有的社区还没有找准居民需求、形成自己的品牌")
            causes.append(("没能做到统筹兼顾", body))
        elif kinds.get("brand") and (kinds["brand"].orgs or kinds["brand"].partial):
            causes.append(("对社区党建品牌的培育指导不够",
                           ["对各社区特色做法的总结提炼不够，缺少帮助后进社区对接居民需求、培育品牌的具体办法"]))
        if "voice" in kinds:
            causes.append(("诉求办理闭环意识不强",
                           ["办理居民反映的问题重过程、轻结果，整改后满足于上报办结，对居民是否认可跟踪回访不够，"
                            "回访中居民认为未解决的问题，分析原因、改进办法还不及时"]))
        if "care" in kinds:
            causes.append(("帮扶制度落实不到位",
                           ["对红色帮扶小组走访缺少到期提醒和督促检查，按帮扶等级定期走访的要求没有纳入日常考核，"
                            "走访间隔拉长了也未能及时发现和纠正"]))
        if not causes:
            return ["产生以上问题的原因主要是对党建工作特色亮点的总结提炼还不够，",
                    "对新形势下基层党建工作的特点研究不深。"]
        if len(causes) == 1:
            title, body = causes[0]
            return [f"经过分析，产生以上问题的原因主要是{title}。", *body, "。"]
        parts = ["经过分析，产生以上问题的原因主要有以下几个方面："]
        for k, (title, body) in enumerate(causes):
            parts += [f"{_n(k)}是{title}。", *body, "。"]
        return parts


def _names(orgs) -> str:
    return "、".join(o.name for o in orgs)


def _short(org) -> str:
    return org.short_name or org.name


def _and(words) -> str:
    """甲、乙和丙."""
    return words[0] if len(words) == 1 else "、".join(words[:-1]) + "和" + words[-1]
