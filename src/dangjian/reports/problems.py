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

from django.urls import reverse

from dangjian.assessment.scores.analysis import RULE_TEXT, analyse
from dangjian.core import metrics
from dangjian.orgs.choices import DemoSiteType

from .composer import _n
from .judging import meets, verdict

BRAND_KEYS = ("brands", "brand_activities", "brand_participants", "standing_services")
COUNTED = ("个", "项", "次", "支", "家")  # units of things one "has" (还没有服务品牌), not of people counted


@dataclass
class Weakness:
    """A weakness Section 二 found and Section 三 must answer: its kind (an analysis family) and the units."""

    kind: str
    orgs: list = field(default_factory=list)


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
                  "standing_services", "brand_activities"], self.org)
    w = _Writer(self, {fam["family"]: fam for fam in families}, threshold)
    if any(s["compared"] >= 2 for fam in families for s in fam["stats"].values()):
        w.rule()  # the rule behind every comparison below: in the appendix, not in the body
    subsections = [w.imbalance(), w.coop(), w.education(), w.care()]
    self.found, self.families, self.brand_lead = w.found, families, w.brand_lead
    narratives = [("imbalance", "发展不平衡补充"), ("coop", "区域化党建问题补充"),
                  ("education", "党员教育管理问题补充"), ("care", "帮扶走访问题补充")]
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
                             org=self.org, link=self.analysis_url)

    def rule(self):
        return self.f.stated("threshold", "明显落后判定阈值", self.threshold, "%", RULE_TEXT, org=self.org,
                             link=self.analysis_url)

    def gap(self, finding):
        m = metrics.get(finding.key)
        word = "高出" if finding.value > finding.median else "低于"
        return self.f.stated(f"gap:{finding.key}", f"{m.label}{word}中位数的幅度", finding.gap, "%",
                             "｜本单位数值 − 中位数｜÷ 中位数 × 100%，见不平衡分析", org=finding.org,
                             link=self.analysis_url)

    def behind(self, family, key, lead="", label="", judged=False) -> list:
        """"{lead}甲{label}仅为v、乙仅为w，分别比中位数M低g%、h%" — the units behind on one metric, each value
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
            parts += ["，", "分别" if len(some) > 1 else "", "比中位数", self.median(family, key), m.unit,
                      "低" if m.higher_is_better else "高"]
            for k, x in enumerate(some):
                parts += ["、" if k else "", self.gap(x), "%"]
        if zero:
            none = f"还没有{label}" if m.unit in COUNTED else f"的{label}为零"
            parts += ["；" if some else "", _names(x.org for x in zero), none]
        return parts

    def weakness(self, kind, orgs, shown=False):
        """Record what was found: units named behind, or (`shown`) a weakness of the whole area without names."""
        orgs = list(dict.fromkeys(orgs))
        if orgs or shown:
            self.found.append(Weakness(kind, orgs))

    # -- （一）党建工作发展不平衡 -----------------------------------------------------------------------------------
    def imbalance(self):
        f, org = self.f, self.org
        sentences, behind_orgs = [], []
        leaders = self.leaders("brand", "brands")
        if leaders:
            sentences += ["服务品牌方面，各社区的", *self.median_phrase("brand", "brands"), "，",
                          *self.names_values(leaders, "brands"), "，特色相对突出"]
            others = self.others_behind(leaders, "brands")
            if others:
                sentences += ["，其余", others, "个社区的特色亮点则不够突出"]
                self.brand_lead = (leaders, others)
        for key in BRAND_KEYS:
            if self.lagging("brand", key):
                sentences += self.behind("brand", key, "；" if sentences else "", metrics.get(key).label)
                behind_orgs += [x.org for x in self.lagging("brand", key)]
        if sentences:
            sentences = ["社区党建方面，“不平衡”主要体现在党建品牌特色上。", *sentences, "。"]
        self.weakness("brand", behind_orgs)
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

    def median_phrase(self, family, key):
        return ["中位数为", self.median(family, key), metrics.get(key).unit]

    def names_values(self, found, key):
        """"东风社区党委、和平社区党委分别有4个、4个" (one unit: "东风社区党委有4个")."""
        names = "、".join(x.org.name for x in found)
        parts = [names, "分别有" if len(found) > 1 else "有"]
        for k, x in enumerate(found):
            parts += ["、" if k else "", self.f(x.key, x.org), metrics.get(x.key).unit]
        return parts

    def others_behind(self, leaders, key):
        """The number of other communities compared on `key` (not standing out), a stated figure."""
        fam = self.families["brand"]
        ahead = {x.org.pk for x in leaders}
        n = sum(1 for u in fam["units"] if fam["table"][u.pk].get(key) is not None and u.pk not in ahead)
        if not n:
            return None
        m = metrics.get(key)
        fig = self.f.stated(f"others:{key}", f"{m.label}未明显高于中位数的社区", n, "个",
                            f"参加比较的社区中，{m.label}不在明显领先之列的社区个数，见不平衡分析",
                            org=self.org, link=self.analysis_url)
        # The demonstration sites lead when every one of them stands out and others are left behind them.
        demo = [u for u in fam["units"] if u.demo_site == DemoSiteType.COMMUNITY]
        if demo and all(u.pk in ahead for u in demo):
            self.demo_lead = (key, [x for x in leaders if x.org in demo], fig)
        return fig

    def two_new_sentence(self, found):
        """The two-new organizations that meet well, then those whose members hardly take part."""
        key = "two_new_participation"
        fam = self.families["two_new"]
        behind = {x.org.pk for x in found}
        good = sorted((u for u in fam["units"] if u.pk not in behind and fam["table"][u.pk].get(key) is not None),
                      key=lambda u: -fam["table"][u.pk][key])[:3]
        parts = ["“两新”组织党建方面，"]
        if good:
            parts += [_names(good), "党员参与率", "分别为" if len(good) > 1 else "为"]
            for k, u in enumerate(good):
                parts += ["、" if k else "", self.f(key, u), "%"]
            parts.append("，组织生活开展得比较经常；而")
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
        if not (committee or training or heavy or older.value):
            return None
        parts = (["辖区", f("communities", org), "个社区下辖"] if c.is_street else ["辖区"])
        parts += [f("branches", org), "个基层党支部，支部班子成员", f("committee_members", org),
                  "名中年龄偏大且学历不高的", older, "名，占", f("committee_older_share", org), "%"]
        if committee:
            parts += self.behind("committee", "committee_older_share", "，从各社区看，", "这一占比")
        parts += ["；党员轮训", hours, "学时中，传达文件和理论学习占", theory, "学时，占",
                  f("training_theory_share", org), "%"]
        if training:
            parts += self.behind("training", "training_theory_share", "，从各社区看，", "理论类学时占比")
        parts.append("，使得党员学习内容和组织生活形式比较单一，效果也大打折扣。" if heavy or training else
                     "，各基层党支部对党员教育管理的办法还不多。")
        self.weakness("committee", [x.org for x in committee])
        self.weakness("training", [x.org for x in training], shown=bool(heavy))
        return "党员教育管理有待加强。", parts

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

    # -- 原因分析 --------------------------------------------------------------------------------------------------
    def causes(self) -> list:
        """The causes of what was found, each only when a finding above supports it."""
        kinds = {w.kind: w.orgs for w in self.found}
        causes = []
        if "two_new" in kinds or "coop" in kinds:
            body = ["主观上认为党建工作是软任务，没有把抓基层党建工作作为硬指标抓落实"]
            if kinds.get("two_new"):
                body += ["，尤其对于“两新”组织党建工作，认为按要求完成规定任务就行了，使得",
                         _names(kinds["two_new"]), "等党组织作用发挥远不及社区党组织"]
            if "coop" in kinds:
                body.append("，对共建单位和报到在职党员的组织发动不够")
                if kinds["coop"]:
                    body += ["，", _names(kinds["coop"]), "的区域化党建工作还比较薄弱"]
            causes.append(("思想认识存在偏差", body))
        if "training" in kinds or "committee" in kinds:
            body = ["工作中落实上级要求比较多，对新形势下党员教育管理的特点缺乏深入系统研究，教育管理的办法不多"]
            if kinds.get("committee"):
                body += ["，", _names(kinds["committee"]), "的支部班子结构老化问题尤为突出"]
            if kinds.get("training"):
                body += ["，", _names(kinds["training"]), "的党员学习仍以传达文件和理论学习为主"]
            causes.append(("工作思路不够开阔", body))
        if self.demo_lead:
            key, leaders, others = self.demo_lead
            body = ["工作中更注重党建示范点的建设，对其他社区投入相对较少，", *self.names_values(leaders, key),
                    metrics.get(key).label, "，除此以外的", others, "个社区党建品牌都叫得不响，亮点都不够突出"]
            causes.append(("没能做到统筹兼顾", body))
        elif kinds.get("brand"):
            causes.append(("对后进社区的指导帮扶不够",
                           ["对", _names(kinds["brand"]), "的党建品牌培育指导不够，特色亮点还没有形成"]))
        if "care" in kinds:
            body = ["红色帮扶小组按帮扶等级定期走访的要求执行不严"]
            if kinds["care"]:
                body += ["，", _names(kinds["care"]), "的帮扶走访间隔拉得过长"]
            causes.append(("帮扶制度落实不到位", body))
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
