"""Section 一's demonstration communities, each written from its own method or platform.

A method site is told through the method's own points (its standing items: "统筹资源，构建区域化党建格局" …),
each point carrying the records it speaks of; a platform site through the platform's parts (社区“大党委”、红色志愿者
驿站、便民服务联盟); any other site through its records under plain headings. Each style words what it tells in
its own way, so two sites alike in their records still share no clause, and none repeats the street-wide text.
"""

import re

from dangjian.coop.models import PartnerKind

from .practices import (
    CAP,
    SITE_VERBS,
    _kinds_clause,
    _modes_clause,
    _short,
    _sub,
    brand_word,
    lines,
    plain,
    q,
    so_far,
    unique,
)

# Which of a site's records a point of its method tells, by a word of the point (the first that matches).
METHOD_WORDS = (("两新", "social"), ("品牌", "brand"), ("区域化", "coop"), ("资源", "coop"), ("党员", "members"),
                ("民主", "governance"), ("治理", "governance"), ("作风", "service"), ("和谐", "service"),
                ("服务", "service"))
PLATFORM_WORDS = (("大党委", "coop", "健全"), ("共建", "coop", "健全"), ("驿站", "service", "建好"),
                  ("志愿", "service", "建好"), ("联盟", "alliance", "壮大"))
# Headings of what a site tells beyond its method's points or its platform's parts, in each style.
HEADINGS = {
    "method": {"coop": "整合共建资源", "members": "从严管理党员", "brand": "精准服务群众", "social": "引导社会组织",
               "governance": "规范民主机制", "service": "转变工作作风", "alliance": "联系便民商户"},
    "platform": {"coop": "统筹辖区资源", "members": "抓实党员队伍", "brand": "做强服务品牌",
                 "governance": "推进民主协商", "service": "拓展志愿服务", "alliance": "延伸便民网络"},
    "plain": {"brand": "打造品牌载体", "service": "创新服务方式", "coop": "统筹共建资源", "alliance": "联动便民服务",
              "members": "加强党员管理", "governance": "规范民主治理"},
}


def _quoted(names) -> str:
    return "".join(q(n) for n in names)


def _standing(items) -> str:
    """"以A为统领，以B和C为支撑" from the lines "以A为统领", "以B为支撑", "以C为支撑": one role said once."""
    roles: dict = {}
    for item in items:
        found = re.fullmatch(r"以(.+)为(.+)", item)
        roles.setdefault(found.group(2) if found else item, []).append(found.group(1) if found else None)
    return "，".join(role if None in held else f"以{'和'.join(held)}为{role}" for role, held in roles.items())


class Site:
    """What a demonstration community's records hold, each piece worded in the site's own style — its method's,
    its platform's, or plain records' — so that two sites alike in their records still read apart."""

    def __init__(self, composer, reader, site, exclude, style):
        self.c, self.r, self.site, self.exclude, self.style = composer, reader, site, exclude, style
        self.short = _short(site)
        self.when = so_far(composer)

    def v(self, key):
        return self.r.value(key, self.site)

    def fig(self, key):
        return self.c.f(key, self.site)

    def pieces(self, services, social_apart=False) -> dict:
        return {"coop": self.coop(social_apart), "social": self.social() if social_apart else [],
                "members": self.members(), "brand": self.brand(services), "service": self.service(),
                "alliance": self.alliance(), "governance": self.governance()}

    def by_method(self, method, services):
        points = lines(method.standing_items)
        keys = []
        for point in points:
            key = next((k for word, k in METHOD_WORDS if word in point and k not in keys), None)
            keys.append(key)
        found = self.pieces(services, social_apart="social" in keys)
        if "service" in keys:  # the method's service point tells the alliance too
            found["service"], found["alliance"] = found["service"] + found["alliance"], []
        told = [(point, found[key] if key else []) for point, key in zip(points, keys, strict=True)]
        told += [(HEADINGS["method"][k], said) for k, said in found.items() if said and k not in keys]
        lead = f"{self.site.name}立足工作实际，充分发挥党建核心引领作用，创新建立{q(method.name)}"
        return [lead + (f"，{plain(method.results)}" if method.results.strip() else "") + "。"], told

    def by_platform(self, platform):
        found = self.pieces([])
        told, used = [], set()
        for sub in platform.subs:
            key, verb = next(((k, verb) for word, k, verb in PLATFORM_WORDS if word in sub.name), (None, "做实"))
            said = found[key] if key and key not in used else []
            used.add(key)
            told.append((f"{verb}{sub.name}", ([f"{sub.name}面向{sub.target_group}，"] if said and sub.target_group
                                               else []) + said))
        told += [(HEADINGS["platform"][k], said) for k, said in found.items() if said and k not in used]
        lead = [f"{self.site.name}结合社区实际和群众需求，搭建{q(platform.name)}"
                + "".join(f"，{s}" for s in [_standing(lines(platform.standing_items))] if s)
                + (f"，{plain(platform.results)}" if platform.results.strip() else "") + "。"]
        if self.v("brand_activities"):
            lead += [f"{self.when}，平台开展服务活动", self.fig("brand_activities"), "次，服务居民",
                     self.fig("brand_participants"), "人次。"]
        return lead, told

    def by_records(self, services):
        found = self.pieces(services)
        order = ("brand", "service", "coop", "alliance", "members", "governance")
        lead = (f"{self.site.name}紧扣居民需求，打造{'、'.join(brand_word(b) for b in services)}。" if services
                else f"{self.site.name}紧扣群众需求，以区域化党建整合辖区资源服务群众。")
        return [lead], [(HEADINGS["plain"][k], found[k]) for k in order if found[k]]

    # -- the pieces ---------------------------------------------------------------------------------------------

    def coop(self, social_apart):
        found = self.r.partners(self.site, self.exclude)
        if social_apart:
            found.pop(PartnerKind.SOCIAL_ORG, None)
        said = []
        if found:
            clause = _kinds_clause(self.c, self.r, found, self.site, SITE_VERBS)
            regional = self.v("regional_committees")
            if self.style == "method":
                said += ["以社区党组织为核心，", *clause, "，共建单位达", self.fig("partner_units"), "个"]
                said += ["，共建单位负责人进入社区“大党委”，形成区域党委，实现“组织共建、资源共享、党员共管、活动共办”"
                         if regional else ""]
            elif self.style == "platform":
                said += [*clause, "，共建单位", self.fig("partner_units"), "个"]
                said += ["，各单位负责人兼任“大党委”委员，把辖区党建资源和社会资源拧成一股绳" if regional else ""]
            else:
                said += [*clause, "，共建单位共", self.fig("partner_units"), "个"]
                said += ["，单位负责人任兼职委员，建立区域党委" if regional else ""]
            said.append("。")
        return said + self.joint() + self.projects()

    def joint(self):
        if not self.v("joint_activities"):
            return []
        acts = self.r.of("joint_activities", self.site)
        with_whom = "、".join(unique(p.name for a in acts for p in a.partners.all())[:3])
        titles = "、".join(unique(a.title for a in acts)[:3])
        outcomes = unique(plain(a.outcome) for a in acts if a.outcome.strip())[:2]
        n = self.fig("joint_activities")
        m = self.v("joint_activity_members") and self.fig("joint_activity_members")
        if self.style == "method":
            said = [f"与{with_whom}等共建单位" if with_whom else "", f"开展{titles}等联创共建活动", n, "次"]
            said += ["，带动在职党员", m, "名参与"] if m else []
        elif self.style == "platform":
            said = [f"联合{with_whom}" if with_whom else "", f"开展{titles}等活动", n, "次"]
            said += ["，在职党员", m, "名到社区参加活动"] if m else []
        else:
            said = [self.short + (f"与{with_whom}" if with_whom else ""), f"共同开展{titles}等联创共建活动", n,
                    "次"]
            said += ["，参加活动的在职党员", m, "名"] if m else []
        return said + [f"，{'，'.join(outcomes)}" if outcomes else "", "。"]

    def projects(self):
        if not self.v("coop_projects_done"):
            return []
        projects = self.r.of("coop_projects_done", self.site)
        helped = "、".join(unique(f"{p.resource.partner.name}的{plain(p.resource.title)}" for p in projects
                                  if p.resource)[:2])
        needs = "、".join(unique(p.need.title if p.need else p.title for p in projects)[:3])
        n = self.fig("coop_projects_done")
        if self.style == "method":
            return [f"借助{helped}等资源，" if helped else "", f"协调解决{needs}等热点难点问题", n, "个。"]
        if self.style == "platform":
            return [f"协调{helped}，" if helped else "", f"推动解决{needs}等群众急难愁盼问题", n, "个。"]
        return [f"{self.short}通过共建项目解决{needs}等群众关心的问题", n, "个。"]

    def social(self):
        names = self.r.partners(self.site, self.exclude).get(PartnerKind.SOCIAL_ORG)
        if not names:
            return []
        listed = self.r.listing(names, "partner_units_social", self.site, "个")
        return ["引导", *listed, ("" if len(listed) > 1 else "等")
                + "社会组织专业共建，发挥社会组织专业优势，把专业化服务送到居民身边。"]

    def members(self):
        if not self.v("meetings_held"):
            return []
        kinds = "、".join(self.r.meeting_kinds(self.site)[:5])
        n = self.fig("meetings_held")
        g = self.v("birthday_greetings") and self.fig("birthday_greetings")
        if self.style == "method":
            said = [f"坚持落实{kinds}等组织生活，{self.when}召开组织生活", n, "次"]
            said += ["，为党员过政治生日", g, "次"] if g else []
            return said + ["，做好老党员、困难党员等特殊群体的党内关怀工作。"]
        if self.style == "platform":
            said = [f"以{kinds}等组织生活凝聚党员，{self.when}共召开", n, "次"]
            return said + (["，在入党纪念日为党员送上政治生日祝福", g, "次"] if g else []) + ["。"]
        said = [f"{self.short}{self.when}召开{kinds}等组织生活", n, "次"]
        return said + (["，为党员过政治生日", g, "次"] if g else []) + ["。"]

    def brand(self, brands):
        said = []
        for b in brands:
            subs = "、".join(_sub(s) for s in b.subs)
            if self.style == "method" and subs:
                clause = f"精准打造{subs}等特色服务，形成社区{brand_word(b)}"
            else:
                clause = f"打造{brand_word(b)}" + (f"，下设{subs}等特色服务" if subs else "")
            items = lines(b.standing_items)
            clause += f"，常设{'、'.join(items)}等服务项目" if items else ""
            said.append(clause + (f"，{plain(b.results)}" if b.results.strip() else ""))
        if not said:
            return []
        parts = ["立足不同层次居民的多元化需求，" if self.style == "method" else "", "；".join(said)]
        if self.v("brand_activities"):
            parts += [f"，{self.when}开展品牌服务活动", self.fig("brand_activities"), "次、服务居民",
                      self.fig("brand_participants"), "人次"]
        return parts + ["。"]

    def service(self):
        teams = "、".join(t.name for t in self.r.teams(self.site, self.exclude)[:CAP])
        by_mode = self.r.items_by_mode(self.site, self.exclude)
        wishes = _quoted(unique(w.content for w in self.r.of("wishes_fulfilled", self.site))[:3])
        said = []
        if self.style == "method":
            said.append("变被动服务为主动服务" + (f"，以{_modes_clause(by_mode)}等方式上门服务居民" if by_mode else ""))
            if teams:
                said.append(f"，由{teams}等队伍承接服务")
            if self.v("wishes_fulfilled"):
                said += [f"，帮助居民实现{wishes}等微心愿", self.fig("wishes_fulfilled"), "个"]
        else:
            verb = "通过" if self.style == "platform" else "以"
            doing = "接单服务" if verb == "通过" else "提供服务"
            clauses = ([f"组建{teams}等队伍"] if teams else []) + (
                [f"{verb}{_modes_clause(by_mode)}等方式{doing}"] if by_mode else [])
            said.append((self.short if self.style == "plain" and clauses else "") + "，".join(clauses))
            if self.v("wishes_fulfilled"):
                lead = "，" if clauses else self.short
                said += [f"{lead}{'认领' if verb == '通过' else '为居民圆了'}{wishes}等微心愿",
                         self.fig("wishes_fulfilled"), "个"]
        return said + ["。"] if any(said) else []

    def alliance(self):
        rows = [(m.name, m.services) for m in self.r.of("alliance_members", self.site, self.exclude)]
        if not rows:
            return []
        services = "、".join(unique(plain(s) for _, s in rows)[:4])
        members = self.r.counted([n for n, _ in rows], "alliance_members", self.site, "个")
        if self.style == "method":
            return ["联系", *members, f"便民服务联盟成员，为居民提供{services}等无偿或低偿服务。"]
        if self.style == "platform":
            return ["结合“三社联动”，", *members,
                    f"商户和居民加入联盟，为居民提供{services}等上门服务，做到小事不出社区。"]
        return ["便民服务联盟", *members, f"成员为居民提供{services}等服务。"]

    def governance(self):
        decided, watched = self.v("decisions_completed"), self.v("supervision_records")
        if not (decided or watched):
            return []
        from dangjian.governance.models import Supervisor

        titles = "、".join(unique(d.title for d in self.r.of("decisions_completed", self.site))[:3])
        records = self.r.of("supervision_records", self.site) if watched else []
        held = {r.supervisor.post for r in records}
        posts = "、".join(label for post, label in Supervisor.Post.choices if post in held)
        subjects = "、".join(unique(r.get_subject_display() for r in records))
        said = []
        if self.style == "method":
            if decided:
                said += [f"以“一征三议两公开”工作法为抓手，对{titles}等关系群众切身利益的事项实行民主决策，"
                         "完成决策事项", self.fig("decisions_completed"), "件"]
            if watched:
                said += ["；" if said else "", "设立社区“四大员”" + (f"（{posts}）" if posts else ""),
                         f"，对{subjects}等实行全过程监督，形成监督记录", self.fig("supervision_records"), "条"]
        elif self.style == "platform":
            if decided:
                said += [f"居民代表协商议定{titles}等事项，完成决策", self.fig("decisions_completed"), "件"]
            if watched:
                said += ["，" if said else "", f"“四大员”围绕{subjects}等开展监督，形成记录",
                         self.fig("supervision_records"), "条"]
        else:
            if decided:
                said += [f"{self.short}以“一征三议两公开”工作法办结{titles}等决策事项",
                         self.fig("decisions_completed"), "件"]
            if watched:
                said += ["，" if said else self.short, "“四大员”形成监督记录", self.fig("supervision_records"), "条"]
        return said + ["。"]


# -- a two-new organization's 双培四联三帮带 (orgs/two_new.py) -------------------------------------------------


def two_new_method(composer, reader, site) -> list:
    """"以“双培”…；以“四联”…；以“三帮带”…。" from the organization's pairings, link activities and helps — each
    number a figure, each name (partners, helpers) from the rows counted; nothing when it kept no such records."""
    from dangjian.orgs.choices import HelpKind, LinkKind

    v = lambda key: reader.value(key, site)  # noqa: E731
    f = lambda key: composer.f(key, site)  # noqa: E731
    when = so_far(composer)
    clauses = []
    if v("two_new_pairings"):
        said = ["以“双培”强队伍，", f"{when}结对培养对象", f("two_new_pairings"), "名"]
        grown = [(key, words) for key, words in (("two_new_cultivated_members", "把业务骨干培养成党员"),
                                                 ("two_new_cultivated_backbones", "把党员培养成业务骨干"))
                 if v(key)]
        for i, (key, words) in enumerate(grown):
            said += ["，其中" if i == 0 else "、", words, f(key), "名"]
        clauses.append(said)
    if v("two_new_link_activities"):
        partners = "、".join(unique(a.partner for a in reader.of("two_new_link_activities", site))[:3])
        said = ["以“四联”促融合，", f"与{partners}等" if partners else ""]
        kinds = [k for k in LinkKind if v(f"two_new_links_{k.value}")]
        for i, k in enumerate(kinds):
            said += ["、" if i else "", f"{k.label}", f(f"two_new_links_{k.value}"), "次"]
        said += ["，共开展“四联”活动", f("two_new_link_activities"), "次"] if len(kinds) > 1 else []
        clauses.append(said)
    if v("two_new_helps"):
        helpers = "、".join(unique(h.helper for h in reader.of("two_new_helps", site))[:3])
        said = ["以“三帮带”促发展，", f"{helpers}等" if helpers else ""]
        kinds = [k for k in HelpKind if v(f"two_new_helps_{k.value}")]
        for i, k in enumerate(kinds):
            said += ["、" if i else "", f"{k.label}", f(f"two_new_helps_{k.value}"), "次"]
        said += ["，共帮带", f("two_new_helps"), "次"] if len(kinds) > 1 else []
        clauses.append(said)
    if not clauses:
        return []
    parts = [f"{_short(site)}落实“双培四联三帮带”工作法："]
    for i, said in enumerate(clauses):
        parts += (["；"] if i else []) + said
    return parts + ["，党建工作与组织发展互促共进。"]
