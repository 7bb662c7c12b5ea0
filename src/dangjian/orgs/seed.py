"""Demo organization tree, grids with their 3+× staff, and one demo account per role."""

from datetime import date

from dangjian.core import tree
from dangjian.core.roles import Role
from dangjian.core.seeding import make_account, seeder

from . import actions
from .choices import DemoSiteType, GridPost, OrgKind
from .models import Grid, GridStaff, Organization, RoleAssignment

STREETS = ["北关街道", "南关街道", "东城街道", "西城街道", "新华街道", "解放街道", "人民路街道", "文化路街道",
           "建设路街道", "红旗街道"]
COMMUNITIES = ["东风社区", "和平社区", "光明社区", "建设社区", "幸福社区", "胜利社区", "友谊社区", "团结社区",
               "新华社区", "红旗社区", "向阳社区", "朝阳社区", "民主社区"]
BRANCH_NAMES = ["第一党支部", "第二党支部", "离退休党支部", "在职党员党支部"]
# Two-new organizations of each street: (name, in the tests' tiny world, members hardly meet). The last is a
# non-public enterprise whose branch seldom gathers its members: the report's low-participation finding.
TWO_NEW = [("红星物业有限公司党总支", True, False), ("爱心之家社会工作服务中心党总支", False, False),
           ("宏达机械制造有限公司党总支", True, True)]
# What sets some communities of a street apart (by their place in it), so the imbalance analysis has
# something to find: a help-visit record kept late, a committee of older and less-educated members,
# study that is almost all documents and theory. The first two communities are the demonstration sites.
TRAITS = {2: "late_visits", 5: "older_committee", 7: "theory_only"}
# The city scale's districts; the first is the demo's own ("示范区委组织部").
DISTRICTS = ["示范区", "城东区", "城西区", "城南区", "城北区", "新城区", "高新区", "经开区", "滨河区", "北山区"]


SUPERUSER_LABEL = "超级管理员（仅安装运维）"
ACCOUNTS_FROM = date(2020, 1, 1)
DUTY_ACCOUNTS = [("sysadmin", "system_admin", "陈立"), ("secadmin", "security_admin", "林静"),
                 ("auditor", "audit_admin", "高远")]


@seeder(10)
def seed_tree(ctx):
    scale = ctx.scale
    area = DISTRICTS[ctx.part] if ctx.part else ""  # names in later districts carry the district's
    district = actions.create_organization(None, name=f"{DISTRICTS[ctx.part]}委组织部", kind=OrgKind.DISTRICT)
    ctx.data["district"] = district
    ctx.data["streets"], ctx.data["communities"], ctx.data["branches"] = [], [], []
    ctx.data["grids"], ctx.data["two_new"], ctx.data["volunteer_branches"] = [], [], []
    ctx.data["traits"] = {"quiet_two_new": set()}
    for s in range(scale.streets):
        street = actions.create_organization(
            district, name=f"{area}{STREETS[s]}党工委", short_name=f"{area}{STREETS[s]}", kind=OrgKind.STREET_COMMITTEE,
            address=f"{area}{STREETS[s]}办事处", contact_phone=f"0371-{6 + ctx.part}{s:02d}12345",
        )
        ctx.data["streets"].append(street)
        prefix = area[:2] + ("" if s == 0 else STREETS[s][:2])
        for c in range(scale.communities_per_street):
            base = COMMUNITIES[c % len(COMMUNITIES)]
            community = actions.create_organization(
                street, name=f"{prefix}{base}党委", short_name=f"{prefix}{base}", kind=OrgKind.COMMUNITY_COMMITTEE,
                demo_site=DemoSiteType.COMMUNITY if c < 2 else DemoSiteType.NONE,
                address=f"{prefix}{base}党群服务中心", established=date(2008 + c % 10, 7, 1),
            )
            ctx.data["communities"].append(community)
            if c in TRAITS:
                ctx.data["traits"].setdefault(TRAITS[c], set()).add(community.pk)
            for b in range(scale.branches_per_community):
                ctx.data["branches"].append(actions.create_organization(
                    community, name=f"{prefix}{base}{BRANCH_NAMES[b]}", kind=OrgKind.BRANCH))
            for g in range(scale.grids_per_community):
                grid = actions.create_grid(community, name=f"{prefix}{base}第{g + 1}网格",
                                           area=f"{ctx.fake.street_name()}{g * 4 + 1}-{g * 4 + 4}号楼")
                ctx.data["grids"].append(grid)
        for i, (name, tiny, quiet) in enumerate(TWO_NEW):
            if scale.name == "tiny" and not tiny:
                continue
            org = actions.create_organization(
                street, name=f"{prefix}{name}", kind=OrgKind.TWO_NEW_ORG,
                demo_site=DemoSiteType.TWO_NEW if i == 0 else DemoSiteType.NONE,
            )
            ctx.data["two_new"].append(org)
            if quiet:
                ctx.data["traits"]["quiet_two_new"].add(org.pk)
            ctx.data["branches"].append(actions.create_organization(
                org, name=f"{org.name}第一党支部", kind=OrgKind.BRANCH))
        first = ctx.data["communities"][s * scale.communities_per_street]
        ctx.data["volunteer_branches"].append(actions.create_organization(
            first, name=f"{first.short_name}志愿服务党支部", kind=OrgKind.VOLUNTEER_BRANCH))
    # Adding a node re-sorts its siblings by name and renumbers their paths: hand later seeders fresh rows.
    fresh = Organization.objects.in_bulk()
    for key in ("streets", "communities", "branches", "two_new", "volunteer_branches"):
        ctx.data[key] = [fresh[o.pk] for o in ctx.data[key]]
    ctx.data["district"] = fresh[ctx.data["district"].pk]
    for grid in ctx.data["grids"]:
        grid.organization = fresh[grid.organization_id]
    ctx.out(f"组织：{Organization.objects.count()} 个，网格：{Grid.objects.count()} 个")


@seeder(30)
def seed_staff_and_accounts(ctx):
    """Grid posts from each community's people, secretaries, and the demo accounts."""
    people_by_community = ctx.data["people_by_community"]
    staff = []
    for grid in ctx.data["grids"]:
        pool = people_by_community[tree.parent_path(grid.organization.path)]
        picked = ctx.rng.sample(pool, 6)
        posts = [GridPost.CADRE, GridPost.GRID_SECRETARY, GridPost.POLICE_ASSISTANT, GridPost.BACKBONE_MEMBER,
                 GridPost.VOLUNTEER, GridPost.TALENT]
        staff += [GridStaff(grid=grid, person=p, post=post) for p, post in zip(picked, posts, strict=True)]
    GridStaff.objects.bulk_create(staff)
    for community in ctx.data["communities"]:
        community.secretary = people_by_community[community.path][0]
    Organization.objects.bulk_update(ctx.data["communities"], ["secretary"], batch_size=500)
    if ctx.first:
        _demo_accounts(ctx)
    _more_admins(ctx)


def _demo_accounts(ctx):
    """One account per role in the demo street, the installer's superuser and the three duties (三员)."""
    from dangjian.people.models import Person

    street = ctx.data["streets"][0]
    community_a, community_b = ctx.data["communities"][0], ctx.data["communities"][1]
    branch_a = next(b for b in ctx.data["branches"] if tree.is_within(b.path, community_a.path))
    grid_a = next(g for g in ctx.data["grids"] if tree.is_within(g.organization.path, community_a.path))
    member_person = Person.objects.filter(organization=branch_a).order_by("id").first()
    resident_person = Person.objects.filter(organization=grid_a.organization).order_by("id").first()
    volunteer_branch = ctx.data["volunteer_branches"][0]
    volunteer_person = Person.objects.filter(organization=volunteer_branch).order_by("id").first()
    plan = [
        ("district", Role.DISTRICT_VIEWER, ctx.data["district"], None),
        ("street", Role.STREET_ADMIN, street, None),
        ("cadre", Role.CADRE, street, None),
        ("secretary_a", Role.COMMUNITY_SECRETARY, community_a, community_a.secretary),
        ("secretary_b", Role.COMMUNITY_SECRETARY, community_b, community_b.secretary),
        ("branch", Role.BRANCH_SECRETARY, branch_a, None),
        ("grid", Role.GRID_WORKER, grid_a.organization, None),
        ("member", Role.MEMBER, branch_a, member_person),
        ("volunteer", Role.VOLUNTEER, volunteer_branch, volunteer_person),
        ("resident", Role.RESIDENT, grid_a.organization, resident_person),
    ]
    # Pages name people, not accounts: demo staff without a person on file get a plain name.
    names = {"district": "刘敏", "street": "王建华", "cadre": "赵志刚", "branch": "孙丽", "grid": "周强"}
    for username, role, org, person in plan:
        name = person.name if person is not None else names.get(username, "")
        user = make_account(ctx, username, first_name=name)
        RoleAssignment.objects.create(user=user, organization=org, role=role, start=ACCOUNTS_FROM)
        if person is not None and person.user_id is None:
            person.user = user
            person.save(update_fields=["user"])
        ctx.accounts.append((username, Role(role).label, org.name))
    admin = make_account(ctx, "admin", is_staff=True, is_superuser=True)
    ctx.accounts.append((admin.username, SUPERUSER_LABEL, "全部"))
    # 三员: each duty its own account, none holding a role in the tree (core/duties.py).
    from dangjian.core.duties import Duty, assign

    for username, duty, name in DUTY_ACCOUNTS:
        holder = make_account(ctx, username, first_name=name)
        assign(holder, Duty(duty))
        ctx.accounts.append((username, f"{Duty(duty).label}（三员）", "管理后台"))


def _more_admins(ctx):
    """Beyond the demo street, each street its own committee account and each further district its viewer, so
    every street of a district or city can be worked (and checked to see only itself) as its own staff would."""
    made = []
    if not ctx.first:
        district = ctx.data["district"]
        user = make_account(ctx, f"district_{ctx.part + 1}", first_name=f"{district.name[:-4]}组织部")
        RoleAssignment.objects.create(user=user, organization=district, role=Role.DISTRICT_VIEWER,
                                      start=ACCOUNTS_FROM)
        made.append((user.username, Role(Role.DISTRICT_VIEWER).label, district.name))
    for s, street in enumerate(ctx.data["streets"]):
        if ctx.first and s == 0:
            continue  # the demo's "street"
        username = f"street_{s + 1}" if ctx.first else f"street_{ctx.part + 1}_{s + 1}"
        user = make_account(ctx, username, first_name=f"{street.short_name}管理员")
        RoleAssignment.objects.create(user=user, organization=street, role=Role.STREET_ADMIN, start=ACCOUNTS_FROM)
        made.append((username, Role(Role.STREET_ADMIN).label, street.name))
    if len(made) > 2:
        where = "其余各街道党工委各一个" if ctx.first else f"{ctx.data['district'].name}及其各街道党工委各一个"
        ctx.accounts.append((f"{made[0][0]}…{made[-1][0]}", f"{len(made)} 个账号", where))
    else:
        ctx.accounts.extend(made)


# 双培四联三帮带 of the two-new organizations that run the method (the demo's 物业 company, whose brand it is):
# pairings both ways, a link activity of each kind and helps of each kind, dated back from today. No draws from
# the shared random generator, so the rest of the demo stays as it was.
LINKS = [("organization", 160, "和平社区党委", "与社区党委签订联建协议，党组织负责人进入社区“大党委”", 12),
         ("activity", 95, "东风社区", "联合开展“七一”主题党日暨小区环境整治志愿服务", 26),
         ("resource", 40, "社区党群服务中心", "共享党群服务中心活动室，开展职工技能培训", 18),
         ("service", 12, "辖区居民", "物业党员服务队上门为独居老人检修水电", 9),
         ("activity", 400, "东风社区", "联合举办重阳节敬老活动", 30)]
HELPS = [("thought", 150, "街道党工委组织委员", "企业经营管理人员", "讲授专题党课，宣讲党的路线方针政策",
          "职工思想更加稳定"),
         ("skill", 70, "社区党委", "物业维修班组", "组织维修技能比武，党员骨干一对一带徒", "3名职工取得电工证"),
         ("development", 20, "街道党工委", "企业负责人", "协调解决小区停车管理难题，帮助企业拓展服务项目",
          "新增服务小区1个")]


@seeder(45)
def seed_two_new_method(ctx):
    from datetime import timedelta

    from django.utils import timezone

    from dangjian.members.models import PartyMember
    from dangjian.people.models import Person

    from .choices import CultivationDirection, CultivationStatus
    from .two_new import Cultivation, HelpRecord, LinkActivity

    today = timezone.localdate()
    jan1 = today.replace(month=1, day=1)

    def back(days):  # a day this year when there is room for it, else today
        return max(jan1, today - timedelta(days=days))

    made = 0
    for org in ctx.data["two_new"]:
        if "物业" not in org.name:
            continue
        people = list(Person.objects.filter(organization__path__startswith=org.path).order_by("pk").only("pk"))
        members = set(PartyMember.objects.active().filter(person__in=people).values_list("person_id", flat=True))
        joined, staff = [p for p in people if p.pk in members], [p for p in people if p.pk not in members]
        if len(joined) < 3 or len(people) < 5:
            continue
        mentor = joined[0]
        plan = [(CultivationDirection.MEMBER_TO_BACKBONE, joined[1], 300, CultivationStatus.ACHIEVED, 30,
                 "已担任维修班组长"),
                (CultivationDirection.MEMBER_TO_BACKBONE, joined[2], 120, CultivationStatus.ONGOING, None, "")]
        others = staff or joined[3:]
        plan += [(CultivationDirection.BACKBONE_TO_MEMBER, p, 500 - 150 * i,
                  CultivationStatus.ACHIEVED if i == 0 else CultivationStatus.ONGOING, 10 if i == 0 else None,
                  "已接收为预备党员" if i == 0 else "") for i, p in enumerate(others[:2])]
        for direction, person, since, status, ended, outcome in plan:
            start = today - timedelta(days=since)
            outcome_on = back(ended) if ended is not None else None
            Cultivation.objects.create(organization=org, direction=direction, person=person, mentor=mentor,
                                       start=start, status=status, outcome_on=outcome_on, outcome=outcome,
                                       goal="培养成为业务骨干" if direction == CultivationDirection.MEMBER_TO_BACKBONE
                                       else "培养成为党员")
            made += 1
        for link, days, partner, content, n in LINKS:
            when = today - timedelta(days=days) if days > 365 else back(days)
            LinkActivity.objects.create(organization=org, link=link, date=when, partner=partner, content=content,
                                        participants=n)
        for kind, days, helper, helped, content, result in HELPS:
            HelpRecord.objects.create(organization=org, kind=kind, date=back(days), helper=helper, helped=helped,
                                      content=content, result=result)
    if made:
        ctx.out(f"双培结对：{made} 个")


@seeder(47)
def seed_terms(ctx):
    """换届: a current term for every branch and community committee, relative to today — most well inside their
    term, every fifth falling due within six months, and one per street overdue (past its end, no new election);
    the previous, closed term before each; grid branches' and some others' elections still wait for the level
    above's approval. Those elected are the committee the members' seeder seated."""
    from datetime import timedelta

    from django.utils import timezone

    from dangjian.core.dates import add_years
    from dangjian.members.choices import Post

    from .terms import CommitteeTerm, ElectedMember, default_years

    today = timezone.localdate()
    orgs = (ctx.data["communities"] + ctx.data["branches"] + ctx.data["volunteer_branches"]
            + [g.organization for g in ctx.data["grids"]])
    committee = ctx.data.get("committee", {})
    posts = [Post.SECRETARY, Post.ORGANIZATION, Post.PUBLICITY, Post.DEPUTY, Post.DISCIPLINE]
    overdue_streets = set()
    made = 0
    for i, org in enumerate(orgs):
        years = default_years(org.kind)
        street = tree.at_depth(org.path, tree.STREET_DEPTH)
        if org.kind != OrgKind.COMMUNITY_COMMITTEE and street not in overdue_streets and i % 5 == 2:
            overdue_streets.add(street)
            ends = today - timedelta(days=40)  # overdue: the term ended some weeks ago
        elif i % 5 == 0:
            ends = today + timedelta(days=ctx.rng.randint(20, 170))  # due within six months
        else:
            ends = today + timedelta(days=ctx.rng.randint(200, 365 * years - 30))
        elected_on = add_years(ends, -years)
        previous = add_years(elected_on, -years)
        pending = org.kind == OrgKind.GRID_BRANCH or i % 3 == 1  # the level above has not approved it yet
        CommitteeTerm.objects.create(organization=org, elected_on=previous, years=years, closed_on=elected_on,
                                     entitled=20, present=18, approved_on=previous + timedelta(days=15),
                                     approved_by_org=None, note="按期换届。")
        term = CommitteeTerm.objects.create(organization=org, elected_on=elected_on, years=years,
                                            entitled=ctx.rng.randint(15, 40), present=None,
                                            approved_on=None if pending else elected_on + timedelta(days=15),
                                            note="党员大会差额选举产生新一届委员会。")
        CommitteeTerm.objects.filter(pk=term.pk).update(present=max(1, term.entitled - ctx.rng.randint(0, 3)))
        ElectedMember.objects.bulk_create([
            ElectedMember(term=term, name=m.person.name, person_id=m.person_id, post=post)
            for m, post in zip(committee.get(org.pk, []), posts, strict=False)])
        made += 2
    ctx.out(f"班子任期：{made} 届")
