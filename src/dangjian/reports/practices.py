"""Section 一 of the annual report: the practices, written from the records."""

from dangjian.orgs.choices import DemoSiteType
from dangjian.orgs.models import Organization
from dangjian.services.models import BrandProject

from .composer import _n, _names


def write_practices(self):
    """Section 一, written by the composer `self`."""
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

