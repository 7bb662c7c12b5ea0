"""Section 一 of the annual report: the practices, written from the records.

As the reference report does, the section goes practice by practice: each demonstration community under a
heading drawn from its own brand or work method, the volunteer-service branch with its named teams, each
two-new demonstration organization with its method, then the street-wide practices (`practices_wide`). What a
practice holds is read from the records — partner units by name and kind, brands with their sub-services,
teams with their captains, the service modes in use, festivals served — and every number is a figure of a
metric, so a name list and the count beside it come from the same rows.

Nothing is written for records that are not there: a practice without partners has no co-building sentence,
a period without festival activities no festival sentence. A demonstration community is written from its own
method or platform (`practices_sites`), each style in its own words, so no two sites share a clause however alike
their counts, and none repeats the street-wide paragraphs.
"""

from datetime import date
from types import SimpleNamespace

from django.db.models import F

from dangjian.coop.models import PartnerKind
from dangjian.core import metrics
from dangjian.orgs.choices import DemoSiteType, OrgKind
from dangjian.orgs.metrics import TWO_NEW_METHOD_KEYS
from dangjian.orgs.models import Organization
from dangjian.services.choices import BrandKind
from dangjian.services.festivals import festival_of, in_calendar_order

from . import judging
from .composer import _n

CAP = 30  # names listed before "等N个": generous, so a street's own lists are read in full
KIND_KEYS = ((PartnerKind.RESIDENT_UNIT, "resident"), (PartnerKind.PAIRED_UNIT, "paired"),
             (PartnerKind.SOCIAL_ORG, "social"))
SITE_KEYS = ("partner_units", "partner_units_resident", "partner_units_paired", "partner_units_social",
             "regional_committees", "joint_activities", "joint_activity_members", "coop_projects_done",
             "brand_activities", "brand_participants", "wishes_fulfilled", "alliance_members", "meetings_held",
             "birthday_greetings", "decisions_completed", "supervision_records")
BRANCH_KEYS = ("volunteer_teams", "service_items", "team_activities", "festival_activities")
TWO_NEW_KEYS = ("members", "meetings_held", "two_new_active_members", "two_new_participation", *TWO_NEW_METHOD_KEYS)


def q(name: str) -> str:
    """A brand as the text names it: “和立方”, and a name that already carries its quotes as it is."""
    return name if "“" in name else f"“{name}”"


def brand_word(brand) -> str:
    """“和立方”品牌, “党建+社工”服务, “1+1+1”联动便民服务平台."""
    name = q(brand.name)
    return name if name.rstrip("”").endswith(("品牌", "服务", "平台", "工作法")) else f"{name}品牌"


def plain(text: str) -> str:
    """Recorded text inside one sentence: its own sentence ends become commas, its last one goes."""
    text = text.strip().rstrip("。；！？!?;.，, ")
    for mark in "。；！？;!?":
        text = text.replace(mark, "，")
    return text


def unique(values) -> list:
    return list(dict.fromkeys(v for v in values if v))


def lines(text: str) -> list[str]:
    return unique(plain(line) for line in (text or "").splitlines())


# How each kind of row is read (once per report, for the report's organization; the practices take their part).
SHAPES = {
    "brands": lambda qs: qs.select_related("organization").order_by("organization__path", "pk"),
    "partner_units": lambda qs: qs.order_by("organization__path", "pk"),
    "joint_activities": lambda qs: qs.prefetch_related("partners").order_by("date", "pk"),
    "coop_projects_done": lambda qs: qs.select_related("need", "resource__partner").order_by("pk"),
    "volunteer_teams": lambda qs: qs.select_related("leader", "organization").order_by("organization__path", "pk"),
    "service_items": lambda qs: qs.order_by("organization__path", "pk"),
    "wishes_fulfilled": lambda qs: qs.order_by("pk"),
    "alliance_members": lambda qs: qs.order_by("organization__path", "pk"),
    "decisions_completed": lambda qs: qs.order_by("pk"),
    "supervision_records": lambda qs: qs.select_related("supervisor").order_by("pk"),
    "festival_activities": lambda qs: qs.select_related("team").order_by("starts_at", "pk"),
}


class Reader:
    """Names from the rows behind the metrics, through the report's scope and period (the figures' own rows).

    Each kind is read once for the report's organization and shared out by the path each row hangs from, so
    the section costs the same few queries however many practices it tells."""

    def __init__(self, composer):
        self.c = composer
        self._read: dict = {}

    def rows(self, key, org):
        return metrics.rows(key, self.c.scope, org, self.c.start, self.c.end)

    def base(self, model):
        return self.c.scope.base(model)

    def value(self, key, org):
        return self.c.f.counted(key, org)

    def of(self, key, org, exclude=()) -> list:
        """The rows of metric `key` under `org`, leaving out those under `exclude` (practices told apart)."""
        if key not in self._read:
            qs = SHAPES.get(key, lambda q: q)(self.rows(key, self.c.org))
            self._read[key] = list(qs.annotate(_at=F(metrics.get(key).place_path)))
        cut = tuple(exclude)
        return [r for r in self._read[key] if r._at.startswith(org.path) and not (cut and r._at.startswith(cut))]

    def meeting_kinds(self, org) -> list[str]:
        """The kinds of meeting held under `org`, in the order of the rules (党员大会, 支委会, 党小组会 …)."""
        from dangjian.members.choices import MeetingKind

        if "meeting_kinds" not in self._read:
            lookup = metrics.get("meetings_held").place_path
            self._read["meeting_kinds"] = set(self.rows("meetings_held", self.c.org).order_by()
                                              .values_list(lookup, "kind").distinct())
        held = {kind for at, kind in self._read["meeting_kinds"] if at.startswith(org.path)}
        return [label for kind, label in MeetingKind.choices if kind in held]

    def listing(self, names, key, org, unit) -> list:
        """"A、B、C" — or, past the cap, "A、…、L等N个" with N the figure counting them all."""
        names = unique(names)
        if len(names) <= CAP:
            return ["、".join(names)]
        return ["、".join(names[:CAP]), "等", self.c.f(key, org), unit]

    def counted(self, names, key, org, unit) -> list:
        """"A、B、C等N个" with N the figure counting the rows named (past the cap, the first names only)."""
        return ["、".join(unique(names)[:CAP]), "等", self.c.f(key, org), unit]

    def partners(self, org, exclude=()) -> dict:
        """{kind: [names]} of the partner units with an agreement in the period."""
        found: dict = {}
        for unit in self.of("partner_units", org, exclude):
            found.setdefault(unit.kind, []).append(unit.name)
        return found

    def brands(self, org, exclude=()) -> list:
        """The organization's brands standing alone, each with its sub-services as `.subs`."""
        from dangjian.services.models import BrandProject

        rows = self.of("brands", org, exclude)
        if "brand_subs" not in self._read:  # the metric counts brands standing alone: their sub-services apart
            found: dict = {}
            for sub in self.base(BrandProject).filter(parent__in=[r.pk for r in self.of("brands", self.c.org)]
                                                      ).order_by("pk"):
                found.setdefault(sub.parent_id, []).append(sub)
            self._read["brand_subs"] = found
        pks = {r.pk for r in rows}
        tops = [b for b in rows if b.parent_id is None or b.parent_id not in pks]
        for top in tops:
            subs = self._read["brand_subs"].get(top.pk, []) + [b for b in rows if b.parent_id == top.pk]
            top.subs = list({b.pk: b for b in subs}.values())
        return tops

    def teams(self, org, exclude=()) -> list:
        return self.of("volunteer_teams", org, exclude)

    def items_by_mode(self, org, exclude=()) -> dict:
        """{mode label: [titles]} of the service menu, in the order 预约式、菜单式、组团式."""
        from dangjian.services.choices import ServiceMode

        found = {label: [] for mode, label in ServiceMode.choices}
        for item in self.of("service_items", org, exclude):
            found[ServiceMode(item.mode).label].append(item.title)
        return {label: unique(titles) for label, titles in found.items() if titles}


def good_rate(composer, key: str, org) -> bool:
    """Whether a rate meets the street's rule: an achievement for this section; a shortfall is left to 二."""
    value = composer.f.counted(key, org)
    probe = SimpleNamespace(key=key, start=composer.start, end=composer.end, parts=())
    found = judging.rule(composer.f, probe, org)
    if found is None or not value:
        return False
    m = metrics.get(key)
    return value >= found[0] if m.higher_is_better else value <= found[0]


def numbered(points) -> list:
    """"一是…。二是…。" from [(title, parts)], parts ending their own sentences."""
    parts = []
    for i, (title, said) in enumerate(points):
        parts += [f"{_n(i)}是{title}。", *said]
    return parts


def write_practices(self):
    """Section 一, written by the composer `self`."""
    from .practices_wide import write_wide

    f, org = self.f, self.org
    self.add("h1", "一、主要做法和成效")
    sites = list(Organization.objects.filter(path__startswith=org.path).exclude(demo_site=DemoSiteType.NONE)
                 .order_by("path"))
    communities = [s for s in sites if s.demo_site == DemoSiteType.COMMUNITY]
    two_new = [s for s in sites if s.demo_site == DemoSiteType.TWO_NEW]
    reader = Reader(self)
    branches = list({t.organization.pk: t.organization for t in reader.teams(org)
                     if t.organization.kind == OrgKind.VOLUNTEER_BRANCH}.values())
    for site in communities:
        f.probe(SITE_KEYS, site)
    for branch in branches:
        f.probe(BRANCH_KEYS, branch)
    for site in two_new:
        f.probe(TWO_NEW_KEYS, site)
    from .practices_wide import WIDE_KEYS

    f.probe(WIDE_KEYS, org)
    f.resolve()  # one batch for the whole section: the words below depend on what was counted
    told = [o.path for o in communities + branches + two_new]
    _intro(self, reader, communities, two_new, told)
    self.narrative("practices", "做法总述补充")
    i = 0
    for site in communities:
        _community(self, reader, site, i, [p for p in told if p != site.path and p.startswith(site.path)])
        i += 1
    for branch in branches:
        _branch(self, reader, branch, i)
        i += 1
    for site in two_new:
        _two_new(self, reader, site, i)
        i += 1
    write_wide(self, reader, i)


def _short(org) -> str:
    return org.short_name or org.name


VERBS = {BrandKind.METHOD: "探索", BrandKind.PLATFORM: "搭建", BrandKind.SERVICE: "打造"}


def _intro(self, reader, communities, two_new, told):
    f, org = self.f, self.org
    intro = ["辖区共有社区党组织", f("communities", org), "个、"] if self.is_street else ["辖区共有"]
    intro += ["基层党支部", f("branches", org), "个，党员", f("members", org), "名。"]
    named = "、".join(_short(s) for s in communities)
    if self.is_street and (communities or two_new):
        said = [f"{self.leader}明确{named}为社区党建示范点"] if communities else []
        said += [f"{'、'.join(s.name for s in two_new)}为“两新”党建示范点"] if two_new else []
        intro.append("，".join(said) + "，紧扣工作需求，创新方式方法，发挥示范作用，努力打造具有自身特色的党建品牌。")
    elif communities:
        intro.append(f"{named}是街道党工委确定的社区党建示范点，紧扣群众需求，创新方式方法，努力打造有自身特色的党建品牌。")
    # The brands of the units not told as a practice of their own, named here so none goes unsaid.
    others = reader.brands(self.org, told)
    if others:
        said = "、".join(f"{_short(b.organization)}{VERBS.get(b.kind, '打造')}{brand_word(b)}" for b in others[:CAP])
        intro.append(f"{'此外，' if told else ''}{said}，特色载体逐步丰富。")
    self.add("p", *intro)


# -- a demonstration community ------------------------------------------------------------------------------


def so_far(c) -> str:
    """"全年" for a report of the whole year; "今年以来" for one counted to a day before the year's end."""
    return "全年" if c.end >= date(c.year, 12, 31) else "今年以来"


def _community(self, reader, site, i, exclude):
    brands = reader.brands(site, exclude)
    method = next((b for b in brands if b.kind == BrandKind.METHOD), None)
    platform = next((b for b in brands if b.kind == BrandKind.PLATFORM), None)
    services = [b for b in brands if b.kind == BrandKind.SERVICE]
    short = _short(site)
    if method is not None:
        tail = f"打造{brand_word(services[0])}" if services else "党建工作出实效"
        heading = f"{short}创新{q(method.name)}，{tail}。"
    elif platform is not None:
        heading = f"{short}搭建{q(platform.name)}，探索多元化服务模式。"
    elif services:
        heading = f"{short}打造{brand_word(services[0])}，精准服务{services[0].target_group}。"
    else:
        heading = f"{short}深化区域化党建，发挥示范带动作用。"
    self.add("h2", f"（{_n(i)}）{heading}")
    from .practices_sites import Site

    tell = Site(self, reader, site, exclude, "method" if method else "platform" if platform else "plain")
    if method is not None:
        lead, points = tell.by_method(method, services)
    elif platform is not None:
        lead, points = tell.by_platform(platform)
    else:
        lead, points = tell.by_records(services)
    self.add("p", *lead, *numbered(points))
    self.narrative(f"site_{site.pk}", f"{site.name}示范点补充")


def _kinds_clause(self, reader, found, org, verbs) -> list:
    """"吸纳A等驻区单位同驻共建，吸纳B、C等区外单位结对共建…" over the kinds present."""
    parts = []
    for kind, key in KIND_KEYS:
        names = found.get(kind)
        if not names:
            continue
        listed = reader.listing(names, f"partner_units_{key}", org, "个")
        parts += (["，"] if parts else []) + ["吸纳", *listed, verbs[kind]]
    return parts


SITE_VERBS = {PartnerKind.RESIDENT_UNIT: "等驻区单位同驻共建", PartnerKind.PAIRED_UNIT: "等区外单位结对共建",
              PartnerKind.SOCIAL_ORG: "等社会组织专业共建"}


def _sub(b) -> str:
    return f"{b.name}（服务{b.target_group}）" if b.target_group else b.name


def _modes_clause(by_mode) -> str:
    return "、".join(f"{mode}（{'、'.join(titles[:3])}）" for mode, titles in by_mode.items())


# -- the volunteer-service branch ---------------------------------------------------------------------------


def _branch(self, reader, branch, i):
    f, v = self.f, reader.value
    brands = reader.brands(branch)
    brand = brands[0] if brands else None
    if brand is not None:
        self.add("h2", f"（{_n(i)}）{branch.name}打造{brand_word(brand)}，构建志愿服务新格局。")
        lead = f"{branch.name}结合居民需求，打造{brand_word(brand)}"
        items = lines(brand.standing_items)
        lead += f"，围绕{'、'.join(items)}等方面组织党员群众参与" if items else ""
        lead += f"，{plain(brand.results)}" if brand.results.strip() else ""
    else:
        self.add("h2", f"（{_n(i)}）{branch.name}紧扣党员群众需求，构建志愿服务新格局。")
        lead = f"{branch.name}结合居民需求开展志愿服务"
    points = []
    teams = reader.teams(branch)
    named = [f"{t.name}（队长{t.leader.name}）" if t.leader else t.name for t in teams]
    focus = unique(plain(t.focus) for t in teams)[:6]
    doing = f"，开展{'、'.join(focus)}等志愿服务项目" if focus else ""
    teams_said = reader.counted(named, "volunteer_teams", branch, "支")
    points.append(("加强组织建设", ["根据服务类型和服务群体，组建", *teams_said, f"特色服务队伍{doing}。"]))
    by_mode = reader.items_by_mode(branch)
    if by_mode:
        how = ("实行预约式、菜单式、组团式“三式”服务法" if len(by_mode) == 3 else f"以{'、'.join(by_mode)}方式服务")
        said = [f"{how}，提供{_modes_clause(by_mode)}等服务项目", f("service_items", branch), "项"]
        if v("team_activities", branch):
            said += [f"，各服务队{so_far(self)}承担志愿服务活动", f("team_activities", branch), "次"]
        points.append(("创新服务载体", said + ["。"]))
    if v("festival_activities", branch):
        acts = reader.of("festival_activities", branch)
        festivals = in_calendar_order(festival_of(a.title, a.starts_at.date()) for a in acts)
        by = unique(a.team.name for a in acts if a.team)[:3]
        titles = unique(a.title for a in acts)[:4]
        points.append(("聚焦居民需求", [f"利用{'、'.join(festivals)}等节日，" + (f"组织{'、'.join(by)}" if by else ""),
                                         f"开展{'、'.join(titles)}等活动", f("festival_activities", branch),
                                         "次，增强居民归属感。"]))
    self.add("p", lead + "。", *numbered(points))
    self.narrative(f"site_{branch.pk}", f"{branch.name}补充")


# -- a two-new demonstration organization -------------------------------------------------------------------


def _two_new(self, reader, site, i):
    f, v = self.f, reader.value
    brands = reader.brands(site)
    brand = brands[0] if brands else None
    if brand is not None and brand.kind == BrandKind.METHOD:
        heading = f"{site.name}推行{q(brand.name)}，激发“两新”组织内在活力。"
    elif brand is not None:
        heading = f"{site.name}打造{brand_word(brand)}，发挥专业服务优势。"
    else:
        heading = f"{site.name}发挥“两新”党建示范带动作用。"
    self.add("h2", f"（{_n(i)}）{heading}")
    parts = []
    if brand is not None:
        items = "，".join(p.replace("，", "") for p in lines(brand.standing_items))
        verb = "推行" if brand.kind == BrandKind.METHOD else "打造"
        said = f"{site.name}{verb}{brand_word(brand)}" + (f"，坚持{items}" if items else "")
        parts.append(said + (f"，{plain(brand.results)}" if brand.results.strip() else "") + "。")
    parts += [f"{_short(site)}现有党员", f("members", site), "名"]
    if v("meetings_held", site):
        kinds = reader.meeting_kinds(site)[:4]
        topics = unique(reader.rows("meetings_held", site).order_by("-date").values_list("topic", flat=True)[:20])[:2]
        parts += [f"，坚持开展{'、'.join(kinds)}等组织生活", f("meetings_held", site), "次"]
        parts += [f"，围绕“{'”“'.join(topics)}”等主题学习交流"] if topics else []
    if v("two_new_active_members", site):
        parts += ["，参加组织生活的党员", f("two_new_active_members", site), "名"]
        if good_rate(self, "two_new_participation", site):
            fig = f("two_new_participation", site)
            parts += ["，参与率", fig, "%", *judging.verdict(self.f, fig, site)]
    self.add("p", *parts, "。")
    from .practices_sites import two_new_method

    method = two_new_method(self, reader, site)  # its 双培四联三帮带 records, when it keeps them
    if method:
        self.add("p", *method)
    self.narrative(f"site_{site.pk}", f"{site.name}示范点补充")
