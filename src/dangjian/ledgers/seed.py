"""Demo three lists: a year of committee tasks split to the communities, problems from visits and
inspections, posts and letters, and visits by five cadres — some late, some overdue."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from dangjian.core import seeding
from dangjian.core.roles import Role
from dangjian.core.seeding import seeder
from dangjian.orgs.models import RoleAssignment
from dangjian.people.models import Person

from .choices import SOLVED_PROBLEM_STATUSES as SOLVED
from .choices import Category, PostKind, ProblemStatus, Severity, Source, VisitKind
from .models import (
    ContactPoint,
    DeadlineRule,
    Problem,
    ProgressEntry,
    ResponsibilityLetter,
    ResponsibilityPost,
    Task,
    Visit,
)

CADRE_NAMES = ("钱卫东", "吴海燕", "郑国平", "冯志明")  # the further 包联 cadres of a larger demo

COMMITTEE_TASKS = [
    # title, category, target per community, unit, deadline (month, day)
    ("每月开展1次共驻共建活动", Category.REGIONAL, 12, "次", (12, 31)),
    ("打造社区共驻共建服务项目", Category.REGIONAL, 2, "个", (10, 31)),
    ("落实“三会一课”和主题党日", Category.EDUCATION, 12, "次", (12, 31)),
    ("开展党员轮训，丰富实践教育内容", Category.EDUCATION, 4, "期", (9, 30)),
    ("设立党群服务中心常设服务项目", Category.BRAND, 3, "个", (8, 31)),
    ("评选党员之星、五好党员家庭", Category.EDUCATION, 2, "名", (11, 15)),
    ("重新规划党群服务中心功能室", Category.POSITION, 1, "项", (6, 30)),
    ("建立民情档案和草根能人库", Category.SERVICE, 1, "套", (5, 31)),
]
PROBLEMS = [
    ("党建品牌特色不够突出", Category.BRAND, Source.INSPECTION),
    ("共建单位在职党员参与社区活动积极性不高", Category.REGIONAL, Source.INSPECTION),
    ("党员学习形式单一，以传达文件为主", Category.EDUCATION, Source.SELF),
    ("非公企业党组织活动载体缺乏", Category.TWO_NEW, Source.VISIT),
    ("党群服务中心功能室利用率低", Category.POSITION, Source.VISIT),
    ("老旧小区下水道堵塞，居民反映强烈", Category.SERVICE, Source.MASSES),
]


@seeder(50)
def seed_ledgers(ctx):
    if not ctx.first:  # a city's further districts: the rules only; the ledgers are the demo street's
        DeadlineRule.objects.bulk_create(DeadlineRule(street=each) for each in ctx.data["streets"])
        return
    rng = ctx.rng
    today = timezone.localdate()
    year = today.year
    street = ctx.data["streets"][0]
    communities = [c for c in ctx.data["communities"] if c.path.startswith(street.path)]
    User = get_user_model()
    cadres = list(User.objects.filter(username="cadre"))
    for i in range(2, 6 if ctx.scale.name != "tiny" else 3):
        # Pages name people, not accounts: each cadre account carries a name.
        user = seeding.make_account(ctx, f"cadre{i}", first_name=CADRE_NAMES[i - 2])
        RoleAssignment.objects.create(user=user, organization=street, role=Role.CADRE, start=date(year - 1, 1, 1))
        cadres.append(user)
    for each in ctx.data["streets"]:
        DeadlineRule.objects.create(street=each)  # the defaults: 15 days, 3 when urgent
    for i, community in enumerate(communities):
        ContactPoint.objects.create(cadre=cadres[i % len(cadres)], community=community, start=date(year, 1, 1))
    secretary_person = {c.pk: c.secretary for c in communities}
    # Committee tasks split to every community, with monthly progress and some falling behind.
    letters_tasks = {c.pk: [] for c in communities}
    entries = []
    for title, category, target, unit, (m, d) in COMMITTEE_TASKS:
        deadline = date(year, m, d)
        parent = Task.objects.create(
            organization=street,
            year=year,
            title=title,
            category=category,
            target_value=Decimal(target * len(communities)),
            target_unit=unit,
            deadline=deadline,
            measures="各社区分解落实，按月报送进展。",
        )
        for community in communities:
            child = Task.objects.create(
                parent=parent,
                organization=community,
                year=year,
                title=title,
                category=category,
                target_value=Decimal(target),
                target_unit=unit,
                deadline=deadline,
                responsible_person=secretary_person[community.pk],
                weight=Decimal(rng.choice([1, 1, 2])),
            )
            letters_tasks[community.pk].append(child)
            pace = rng.choice([0.5, 0.8, 1.0, 1.1, 1.2])  # uneven: some communities lag
            elapsed = max(
                0.0,
                min(1.0, (min(today, deadline) - date(year, 1, 1)).days / max(1, (deadline - date(year, 1, 1)).days)),
            )
            value = round(target * min(1.0, elapsed * pace), 1)
            for month in range(2, min(today.month, 12) + 1, 3):
                on = date(year, month, 10)
                if on > today:
                    break
                partial = Decimal(str(round(value * month / max(1, today.month), 1)))
                entries.append(
                    ProgressEntry(
                        task=child,
                        date=on,
                        value=partial,
                        percent=min(Decimal(100), (partial / Decimal(target) * 100).quantize(Decimal("0.1"))),
                        note="按计划推进。",
                    )
                )
            if value >= target and deadline <= today + timedelta(days=30):
                child.done_on = min(deadline, today) if pace >= 1 else None
                if child.done_on:
                    child.save(update_fields=["done_on"])
    ProgressEntry.objects.bulk_create(entries, batch_size=1000)
    # Responsibility posts and letters.
    posts = []
    people = {c.pk: list(Person.objects.filter(organization__in=seeding.orgs_under(ctx, c.path))[:4])
              for c in communities}
    for community in communities:
        holders = people[community.pk]
        if community.secretary:
            posts.append(
                ResponsibilityPost(
                    organization=community,
                    post=PostKind.SECRETARY,
                    holder=community.secretary,
                    start=date(year - 2, 1, 1),
                    duties="履行基层党建第一责任人职责，抓班子带队伍。",
                )
            )
        for holder, kind in zip(holders[1:3], (PostKind.DEPUTY, PostKind.MEMBER), strict=False):
            posts.append(
                ResponsibilityPost(
                    organization=community,
                    post=kind,
                    holder=holder,
                    start=date(year - 2, 1, 1),
                    duties="落实分管领域党建工作，一岗双责。",
                )
            )
    created_posts = ResponsibilityPost.objects.bulk_create(posts)
    for post in created_posts:
        if post.post == PostKind.SECRETARY:
            post.tasks.set(letters_tasks[post.organization_id])
    for community in communities:
        letter = ResponsibilityLetter.objects.create(
            committee=street, community=community, year=year, signed_on=date(year, 2, 20), note="党建工作目标责任书"
        )
        letter.tasks.set(letters_tasks[community.pk])
    # Visits by the cadres, most weeks; problems found on some of them.
    two_new = [o for o in ctx.data["two_new"] if o.path.startswith(street.path)]
    visits = []
    week = today - timedelta(days=today.weekday() + 7 * 20)
    while week <= today:
        for cp in ContactPoint.objects.filter(community__in=communities).select_related("cadre", "community"):
            if rng.random() < 0.8:
                day = week + timedelta(days=rng.randint(0, 4))
                if day <= today:
                    visits.append(
                        Visit(
                            cadre=cp.cadre,
                            kind=VisitKind.COMMUNITY,
                            organization=cp.community,
                            date=day,
                            look="察看党群服务中心和小区环境",
                            listen="听取居民对物业、停车的意见",
                            speak="宣传党的惠民政策",
                            act="协调解决居民反映的问题",
                        )
                    )
            if week.day <= 7 and rng.random() < 0.7:
                household = (Person.objects.filter(organization__in=seeding.orgs_under(ctx, cp.community.path))
                             .order_by("?")[:1])
                visits.append(
                    Visit(
                        cadre=cp.cadre,
                        kind=VisitKind.HOUSEHOLD,
                        organization=cp.community,
                        household=household[0] if household else None,
                        date=week,
                        look="了解生活状况",
                        listen="听取困难诉求",
                        speak="讲解救助政策",
                        act="帮助申请临时救助",
                    )
                )
        week += timedelta(days=7)
    for org in two_new:
        for q in range(1, min(4, (today.month - 1) // 3 + 1) + 1):
            visits.append(
                Visit(
                    cadre=rng.choice(cadres),
                    kind=VisitKind.TWO_NEW,
                    organization=org,
                    date=date(year, 3 * q - 1, 15),
                    look="了解企业党建情况",
                    listen="听取企业诉求",
                    speak="宣讲两新党建政策",
                    act="指导规范组织生活",
                )
            )
    visits = Visit.objects.bulk_create(visits, batch_size=1000)
    problems = []
    community_visits = [v for v in visits if v.kind == VisitKind.COMMUNITY]
    for v in rng.sample(community_visits, min(len(community_visits), 6 * len(communities))):
        title, category, _ = rng.choice(PROBLEMS)
        problems.append(_problem(rng, v.organization, title, category, Source.VISIT, v.date, today, visit=v))
    for community in communities:
        for title, category, source in rng.sample(PROBLEMS, 3):
            if source == Source.VISIT:
                continue
            problems.append(
                _problem(rng, community, title, category, source, today - timedelta(days=rng.randint(20, 300)), today)
            )
    Problem.objects.bulk_create(problems, batch_size=1000)
    _evidence(communities, today)
    ctx.out(f"任务：{Task.objects.count()} 项，问题：{Problem.objects.count()} 个，走访：{Visit.objects.count()} 次")


def _problem(rng, org, title, category, source, found, today, visit=None):
    deadline = found + timedelta(days=rng.choice([30, 60, 90]))
    roll = rng.random()
    status = (
        ProblemStatus.OPEN
        if roll < 0.25
        else ProblemStatus.RECTIFYING
        if roll < 0.45
        else ProblemStatus.RESOLVED
        if roll < 0.65
        else ProblemStatus.VERIFIED
    )
    resolved = status in (ProblemStatus.RESOLVED, ProblemStatus.VERIFIED)
    resolved_on = min(today, found + timedelta(days=rng.randint(5, 80))) if resolved else None
    return Problem(
        organization=org,
        responsible_org=org,
        responsible_person_id=org.secretary_id,
        title=title,
        category=category,
        source=source,
        source_visit=visit,
        found_on=found,
        deadline=deadline,
        status=status,
        severity=rng.choice([Severity.NORMAL, Severity.NORMAL, Severity.SERIOUS]),
        measures="制定整改方案，明确责任人和时限。",
        resolution="已整改到位。" if resolved else "",
        resolved_on=resolved_on,
        no_evidence_reason="现场整改，已由上级现场核实。" if resolved else "",
        verified_on=resolved_on if status == ProblemStatus.VERIFIED else None,
    )


def _evidence(communities, today):
    """Each community's first settled problem and task carry a photo, its letter the signed scan, and its
    latest visit a photo; overdue items are supervised as the daily job would. The evidence pages and
    督办 then have something to show (and the tests that files are served only through a record the
    user sees have files to ask for). No random draws: the rest of the demo stays as it was."""
    from dangjian.core.models import Evidence

    from .reminders import supervise

    for community in communities:
        def photo(name, owner=community):
            return Evidence.store(seeding.demo_photo(name), owner, None)

        problem = (Problem.objects.filter(organization=community, status__in=SOLVED)
                   .order_by("pk").first())
        if problem is not None:
            problem.evidence.add(photo("整改后现场.png"))
        task = Task.objects.filter(organization=community).order_by("pk").first()
        if task is not None:
            task.evidence.add(photo("活动照片.png"))
        letter = ResponsibilityLetter.objects.filter(community=community).order_by("pk").first()
        if letter is not None:
            letter.scan = photo("目标责任书扫描件.png")
            letter.save(update_fields=["scan"])
        visit = Visit.objects.filter(organization=community).order_by("-date", "-pk").first()
        if visit is not None:
            visit.photos.add(photo("走访照片.png"))
    supervise(today)
