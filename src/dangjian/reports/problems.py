"""Section 二 of the annual report: the imbalance found in the figures, and its causes."""

from dangjian.assessment.scores.analysis import analyse
from dangjian.core import metrics


def write_problems(self):
    """Section 二, written by the composer `self`."""
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
    parts = _family_sentences(self, by_family["brand"], "社区党建方面，")
    parts += _family_sentences(self, by_family["two_new"], "“两新”组织党建方面，")
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
    coop = _family_sentences(self, by_family["coop"], "")
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
        *_family_sentences(self, by_family["committee"], ""),
        *_family_sentences(self, by_family["training"], ""),
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

