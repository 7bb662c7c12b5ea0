"""Section 一's street-wide practices: co-building, volunteer service and wishes, the convenience alliance and
service menu, festival activities, the archive and talent pool, 党员之家, the "3+×" grid network, democratic
governance and positions — each a paragraph naming what the records hold, left out when they hold nothing.
"""

import re

from dangjian.care.models import CATEGORIES, CATEGORY_LABELS
from dangjian.orgs.choices import FIXED_GRID_POSTS
from dangjian.orgs.metrics import X_POSTS
from dangjian.services.festivals import festival_of, in_calendar_order
from dangjian.services.models import OutdoorKind

from .composer import _n
from .practices import CAP, KIND_KEYS, _modes_clause, plain, q, so_far, unique

WIDE_KEYS = ("regional_committees", "communities", "partner_units", "partner_units_resident", "partner_units_paired",
             "partner_units_social", "joint_activities", "joint_activity_members", "coop_projects_done",
             "volunteer_teams", "volunteer_activities", "volunteer_hours", "wishes_fulfilled", "alliance_members",
             "service_items", "festival_activities", "resident_files", "help_visits", "talents", "study_materials",
             "party_news", "birthday_greetings", "meetings_held", "grids", "grids_staffed", "help_groups_one_to_one",
             "help_groups_many_to_one", "decisions_completed", "supervision_records", "positions", "room_bookings",
             "stations", "station_services", "station_hours", "outdoor_sessions", "outdoor_matters",
             "outdoor_problems", *(f"grid_staff_{p.value}" for p in X_POSTS))
GROUPS = (("一对一", "help_groups_one_to_one"), ("多对一", "help_groups_many_to_one"))
KIND_WORDS = {"resident": "驻区单位", "paired": "结对共建单位", "social": "社会组织"}


def write_wide(self, reader, i):
    """The street-wide practices under their headings, numbered on from `i`."""
    wide = Wide(self, reader)
    for heading, writers, narrative in (
        ("深化区域化党建，汇聚共驻共建合力。", (wide.cobuilding,), None),
        ("深化志愿服务，织密便民服务网络。", (wide.volunteers, wide.stations, wide.alliance, wide.festivals),
         ("services", "志愿和惠民服务补充")),
        ("丰富惠民服务载体，提升社区服务水平。", (wide.outdoor, wide.archive, wide.talents, wide.home, wide.grids),
         None),
        ("民主治理和阵地建设不断加强。", (wide.governance,), ("governance", "民主治理和阵地补充")),
    ):
        paragraphs = [p for p in (w() for w in writers) if p]
        written = narrative and (self.narratives.get(narrative[0]) or "").strip()
        if paragraphs or written:
            self.add("h2", f"（{_n(i)}）{heading}")
            i += 1
        for parts in paragraphs:
            self.add("p", *parts)
        if narrative:
            self.narrative(*narrative)  # offered to the committee whether or not the records hold anything


class Wide:
    def __init__(self, composer, reader):
        self.c, self.r, self.f, self.org = composer, reader, composer.f, composer.org
        self.v = lambda key: reader.value(key, self.org)
        self.area = composer.area

    def cobuilding(self):
        f, org, v = self.f, self.org, self.v
        if not v("partner_units"):
            return None
        parts = []
        if self.c.is_street and v("regional_committees"):
            seated = self.r.rows("regional_committees", org).order_by("path").values_list("name", flat=True)
            every = v("regional_committees") == v("communities")
            parts += [*self.r.counted(seated, "regional_committees", org, "个"),
                      "社区党委" + ("均" if every else "") + "吸纳共建单位负责人任兼职委员，建立区域党委，"]
        found = self.r.partners(org)
        kinds = []
        for kind, key in KIND_KEYS:
            if found.get(kind):
                kinds.append([f"{KIND_WORDS[key]}", *self.r.listing(found[kind], f"partner_units_{key}", org, "个")])
        parts += [f"全{self.area}共吸纳共建单位", f("partner_units", org), "个，其中"]
        for n, kind in enumerate(kinds):
            parts += (["，"] if n else []) + kind
        if v("joint_activities"):
            titles = unique(a.title for a in self.r.of("joint_activities", org))[:6]
            parts += [f"；开展{'、'.join(titles)}等联创共建活动", f("joint_activities", org), "次"]
            if v("joint_activity_members"):
                parts += ["，参加活动的在职党员", f("joint_activity_members", org), "名"]
        if v("coop_projects_done"):
            needs = unique(p.need.title if p.need else p.title for p in self.r.of("coop_projects_done", org))[:6]
            parts += [f"；对接共建单位资源，协调解决{'、'.join(needs)}等群众关心的问题", f("coop_projects_done", org),
                      "个"]
        return parts + ["，共驻共建、互利共赢的格局逐步形成。"]

    def volunteers(self):
        f, org, v = self.f, self.org, self.v
        if not (v("volunteer_teams") or v("volunteer_activities")):
            return None
        parts = []
        if v("volunteer_teams"):
            teams = [t.name for t in self.r.of("volunteer_teams", org)]
            parts += [f"全{self.area}组建", *self.r.counted(teams, "volunteer_teams", org, "支"), "志愿服务队，"]
        parts += ["开展志愿服务活动", f("volunteer_activities", org), "次，经组织者确认的服务时长",
                  f("volunteer_hours", org), "小时"]
        if v("wishes_fulfilled"):
            wishes = unique(w.content for w in self.r.of("wishes_fulfilled", org))[:4]
            parts += [f"；充分利用“微心愿”认领等载体，圆了居民{''.join(q(w) for w in wishes)}等心愿",
                      f("wishes_fulfilled", org), "个"]
        return parts + ["。"]

    def stations(self):
        """红色志愿者驿站: the stations by name, and what their logs hold (services given, hours served)."""
        f, org, v = self.f, self.org, self.v
        if not v("stations"):
            return None
        names = [s.name for s in self.r.of("stations", org)]
        named = all("红色志愿者驿站" in n for n in names)  # "A红色志愿者驿站、B红色志愿者驿站等2个驿站"
        parts = ["建立", *self.r.counted(names, "stations", org, "个"), "驿站" if named else "红色志愿者驿站"]
        if v("station_services"):
            given = unique(plain(s.content) for s in self.r.of("station_services", org))[:4]
            parts += [f"，志愿者轮流在驿站值守，{so_far(self.c)}为居民提供{'、'.join(given)}等服务",
                      f("station_services", org), "次，服务时长", f("station_hours", org), "小时"]
        return parts + ["，实现了居民互助。"]

    def outdoor(self):
        """The “零距离” work method: 流动居委会 and 站岗式服务 sessions, the matters handled there, and those
        followed up as problems."""
        f, org, v = self.f, self.org, self.v
        if not v("outdoor_sessions"):
            return None
        held = {s.kind for s in self.r.of("outdoor_sessions", org)}
        kinds = "".join(f"“{label}”" for kind, label in OutdoorKind.choices if kind in held)
        parts = [f"实行“零距离”工作法，走出办公室开展{kinds}", f("outdoor_sessions", org), "场"]
        if v("outdoor_matters"):
            parts += ["，现场受理居民反映事项", f("outdoor_matters", org), "件"]
            if v("outdoor_problems"):
                parts += ["，其中", f("outdoor_problems", org), "件转入问题清单跟踪整改"]
        return parts + ["，变被动服务为主动服务。"]

    def alliance(self):
        f, org, v = self.f, self.org, self.v
        if not (v("alliance_members") or v("service_items")):
            return None
        parts = []
        if v("alliance_members"):
            rows = [(m.name, m.services) for m in self.r.of("alliance_members", org)]
            services = unique(plain(s) for _, s in rows)[:5]
            parts += ["结合“三社联动”，由辖区商户和有专业技能的居民组成便民服务联盟，",
                      *self.r.counted([n for n, _ in rows], "alliance_members", org, "个"),
                      f"成员为居民提供{'、'.join(services)}等无偿或低偿服务"]
        if v("service_items"):
            by_mode = self.r.items_by_mode(org)
            parts += ["；" if parts else "", f"便民服务菜单以{_modes_clause(by_mode)}等方式提供服务项目",
                      f("service_items", org), "项"]
        return parts + ["，居民享受到更加便捷高效的服务。"]

    def festivals(self):
        f, org, v = self.f, self.org, self.v
        if not v("festival_activities"):
            return None
        acts = [(a.title, a.starts_at) for a in self.r.of("festival_activities", org)]
        named = in_calendar_order(festival_of(title, at.date()) for title, at in acts)
        titles = unique(title for title, _ in acts)[:6]
        return [f"充分考虑居民文化生活需求，利用{'、'.join(named)}等节日，开展{'、'.join(titles)}等节日志愿服务活动",
                f("festival_activities", org), "次，增强居民的归属感。"]

    def archive(self):
        f, org, v = self.f, self.org, self.v
        if not v("resident_files"):
            return None
        files = list(self.r.rows("resident_files", org).order_by().values_list(
            "categories", "level__level", "level__label", "level__measures"))
        found = {c for cats, *_ in files for c in cats}
        held = [label for code, label in CATEGORIES if code in found] + sorted(found - set(CATEGORY_LABELS))
        levels = sorted({(n, label, measures) for _, n, label, measures in files})
        parts = [f"建立“民情档案”，对{'、'.join(held[:8])}等特殊人群进行梳理、分类和汇总，在档",
                 f("resident_files", org), "份"]
        if levels:
            measures = "".join(f"“{plain(m)}”" for _, _, m in levels if m.strip())
            parts.append(f"，按{'、'.join(label for _, label, _ in levels)}帮扶等级"
                         + (f"分别落实{measures}等常态化、动态化帮扶措施" if measures else "制定帮扶措施"))
        if v("help_visits"):
            parts += [f"，红色帮扶小组{so_far(self.c)}上门帮扶走访", f("help_visits", org), "次"]
        return parts + ["。"]

    def talents(self):
        f, org, v = self.f, self.org, self.v
        if not v("talents"):
            return None
        rows = list(self.r.rows("talents", org).values_list("expertise", "can_lecture"))
        skills = unique(plain(e).replace("，", "") for e, _ in rows)[:8]
        lecture = "能讲党课、" if any(c for _, c in rows) else ""
        return [f"建立“草根能人库”，吸纳社区{lecture}有专业技术和艺术才能的能人", f("talents", org),
                f"名，涵盖{'、'.join(skills)}等专长，建立“能人台账”，充分调动各方资源服务于民。"]

    def home(self):
        f, org, v = self.f, self.org, self.v
        said = []
        if v("study_materials"):
            titles = unique(self.r.rows("study_materials", org).order_by("-published_at").values_list("title",
                                                                                                       flat=True))[:2]
            titles = [re.sub(r"^学习资料[：:]", "", plain(t)) for t in titles]
            said += [f"分享{'、'.join(f'《{t}》' for t in titles)}等学习资料", f("study_materials", org), "篇"]
        if v("party_news"):
            said += ["，" if said else "", "推送党建信息", f("party_news", org), "条"]
        if v("birthday_greetings"):
            said += ["，" if said else "", "在党员入党纪念日送上“政治生日”关怀", f("birthday_greetings", org), "次"]
        if v("meetings_held"):
            said += ["，" if said else "", "组织生活召开前向参会党员推送会议提醒，生日当天送上祝福"]
        if not said:
            return None
        return ["成立“党员之家”，丰富组织生活形式，", *said, "，增强党员的归属感和使命感。"]

    def grids(self):
        f, org, v = self.f, self.org, self.v
        if not v("grids"):
            return None
        fixed = "、".join(p.label for p in FIXED_GRID_POSTS)
        parts = ["建立“3+×”服务网络，", f("grids", org), "个网格"]
        if v("grids_staffed") == v("grids"):
            parts.append(f"均配齐{fixed}")
        elif v("grids_staffed"):
            parts += ["中", f("grids_staffed", org), f"个配齐{fixed}"]
        x = [(p, f"grid_staff_{p.value}") for p in X_POSTS if v(f"grid_staff_{p.value}")]
        if x:
            parts.append("，将")
            for n, (post, key) in enumerate(x):
                parts += (["、"] if n else []) + [post.label, f(key, org), "名"]
            parts.append("编入相应网格")
        groups = [(label, key) for label, key in GROUPS if v(key)]
        if groups:
            parts.append("，围绕“民情档案”中的特殊人群建立")
            for n, (label, key) in enumerate(groups):
                parts += (["、"] if n else []) + [label, f(key, org), "个"]
            parts.append("“红色帮扶小组”")
        return parts + ["，实现服务“纵到底、横到边”。"]

    def governance(self):
        f, org, v = self.f, self.org, self.v
        parts = []
        if v("decisions_completed"):
            titles = unique(d.title for d in self.r.of("decisions_completed", org))[:CAP]
            parts += [f"以“一征三议两公开”工作法对{'、'.join(titles)}等热点难点问题实行民主决策，完成决策事项",
                      f("decisions_completed", org), "件"]
        if v("supervision_records"):
            subjects = unique(r.get_subject_display() for r in self.r.of("supervision_records", org))
            parts += ["，" if parts else "", f"“四大员”对{'、'.join(subjects)}等形成监督记录",
                      f("supervision_records", org), "条"]
        if v("positions"):
            from dangjian.assessment.positions.models import Position

            held = set(self.r.rows("positions", org).order_by().values_list("level", flat=True).distinct())
            levels = [label for level, label in Position._meta.get_field("level").choices if level in held]
            parts += ["；" if parts else "", f"建成{'、'.join(levels)}等党建阵地", f("positions", org), "处"]
            if v("room_bookings"):
                parts += ["，功能室使用", f("room_bookings", org), "次"]
        return parts + ["。"] if parts else None
