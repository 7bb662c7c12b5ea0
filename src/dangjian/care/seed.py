"""Demo archive: files in every community's grids, help groups from the branch's members, visits."""

from datetime import timedelta

from django.utils import timezone

from dangjian.core import seeding, tree
from dangjian.core.models import Evidence
from dangjian.core.seeding import SECRETS, seeder
from dangjian.people.models import Person

from .models import AssistanceLevel, HelpGroup, HelpVisit, ResidentFile

CATS = ["elderly_alone", "empty_nest", "left_behind_child", "disabled", "low_income", "seriously_ill"]


@seeder(80)
def seed_care(ctx):
    rng = ctx.rng
    today = timezone.localdate()
    levels = list(AssistanceLevel.objects.order_by("level"))
    now = timezone.now()
    late = {c.path for c in ctx.data["communities"] if c.pk in ctx.data.get("traits", {}).get("late_visits", ())}
    for grid in ctx.data["grids"]:
        # A community seeded late (orgs/seed.py TRAITS) visits months after its files were opened, and once.
        behind = tree.parent_path(grid.organization.path) in late
        people = list(Person.objects.filter(organization=grid.organization).defer(*SECRETS)[:40])
        helpers = list(Person.objects.filter(organization__in=seeding.orgs_under(ctx, tree.parent_path(
            grid.organization.path)), party_member__isnull=False).defer(*SECRETS)[:10])
        files, groups, visits, photographed = [], [], [], None
        for n, p in enumerate(rng.sample(people, min(len(people), 5))):
            age = p.age or 40
            cats = ["left_behind_child"] if age < 14 else rng.sample(CATS[:2] + CATS[3:], 1)
            guardian = rng.choice([x for x in people if (x.age or 0) >= 25]) if age < 14 else None
            f = ResidentFile(
                organization=grid.organization,
                person=p,
                categories=cats,
                situation="独居，行动不便" if age >= 60 else "家庭困难",
                difficulties="生活照料",
                level=rng.choice(levels),
                consent="self",
                guardian=guardian,
            )
            files.append(f)
            if helpers:
                groups.append((HelpGroup(file=f, kind=rng.choice(["one_to_one", "many_to_one"])),
                               rng.sample(helpers, min(len(helpers), 2))))
            for _k in range(rng.randint(0, 4)):
                days = rng.randint(1, 150)
                if behind:
                    if _k:
                        continue  # seldom visited again
                    days = 20 + days // 10
                visits.append(HelpVisit(file=f, visited_on=today - timedelta(days=days),
                                        visitors="网格员、帮扶党员", what_done="上门看望，了解生活需要"))
            if not n:  # the grid's first file has a photographed visit
                photographed = HelpVisit(file=f, visited_on=today - timedelta(days=3), visitors="网格员",
                                         what_done="送米面油，检查燃气安全")
                visits.append(photographed)
        ResidentFile.objects.bulk_create(files)
        # Opened some months ago (the field is set on insert, so it is moved afterwards).
        ResidentFile.objects.filter(pk__in=[f.pk for f in files]).update(created=now - timedelta(days=200))
        HelpGroup.objects.bulk_create(g for g, _ in groups)
        HelpGroup.members.through.objects.bulk_create(
            HelpGroup.members.through(helpgroup_id=g.pk, person_id=pk) for g, chosen in groups
            for pk in set(m.pk for m in chosen))  # in the order `members.set` adds them
        HelpVisit.objects.bulk_create(visits)
        if photographed is not None:
            photo = seeding.demo_photo("走访照片.png")
            photographed.photos.add(Evidence.store(photo, grid.organization, None))
    _political_birthdays(ctx, today)
    ctx.out(f"民情档案：{ResidentFile.objects.count()} 份")


def _political_birthdays(ctx, today):
    """党员之家's "两个生日": each member whose day of joining has come round this year was greeted by the branch
    (no random draws, so the rest of the demo stays as it was)."""
    import calendar

    from dangjian.members.choices import CareKind
    from dangjian.members.models import CareVisit, PartyMember

    visits = []
    for pk, joined in (PartyMember.objects.active().filter(branch__path__startswith=ctx.data["district"].path,
                                                           join_date__year__lt=today.year)
                       .order_by("pk").values_list("pk", "join_date")):
        leap_day = (joined.month, joined.day) == (2, 29) and not calendar.isleap(today.year)
        day = joined.replace(year=today.year, day=28) if leap_day else joined.replace(year=today.year)
        if day <= today:
            visits.append(CareVisit(member_id=pk, kind=CareKind.BIRTHDAY, date=day, visitors="支部书记",
                                    given="政治生日贺卡", note=f"入党{today.year - joined.year}周年，重温入党誓词"))
    CareVisit.objects.bulk_create(visits, batch_size=1000)
