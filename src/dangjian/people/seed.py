"""Demo people: valid (fictitious) ID numbers, phones and addresses, spread over grids and branches."""

from datetime import date, timedelta

from dangjian.core import bulkload, tree
from dangjian.core.seeding import seeder

from . import idcard
from .choices import Education
from .models import Person

REGIONS = ["410102", "410103", "410104", "410105", "410122", "410181", "411102", "410302"]


@seeder(20)
def seed_people(ctx):
    rng, fake = ctx.rng, ctx.fake
    used: set[str] = ctx.shared.setdefault("id_numbers", set())  # unique across a city's districts too
    people_by_community: dict[str, list] = {}
    grids_by_community: dict[str, list] = {}
    for grid in ctx.data["grids"]:
        grids_by_community.setdefault(tree.parent_path(grid.organization.path), []).append(grid.organization)
    branches_by_community: dict[str, list] = {}
    for branch in ctx.data["branches"] + ctx.data["volunteer_branches"]:
        branches_by_community.setdefault(tree.parent_path(branch.path), []).append(branch)
    educations = [e for e, _ in Education.choices]
    everyone = []
    for community in ctx.data["communities"]:
        homes = grids_by_community[community.path]
        branches = branches_by_community[community.path]
        batch = []
        for i in range(ctx.scale.persons_per_community):
            gender = rng.choice("MF")
            born = date(1935, 1, 1) + timedelta(days=rng.randrange(0, 365 * 80))
            while True:
                number = idcard.make(rng.choice(REGIONS), born, rng.randrange(0, 500), gender)
                if number not in used:
                    used.add(number)
                    break
            # One in five belongs to a branch (a party member to be), the rest live in a grid.
            org = branches[i % len(branches)] if i % 5 == 0 else homes[i % len(homes)]
            person = Person(
                organization=org,
                name=fake.name_male() if gender == "M" else fake.name_female(),
                gender=gender,
                birth_date=born,
                education=rng.choice(educations) if born.year < 2004 else Education.SECONDARY,
                id_number=number,
                phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                address=f"{community.short_name}{fake.street_name()}{rng.randrange(1, 40)}号",
            )
            person.fill_derived()
            batch.append(person)
        people_by_community[community.path] = batch
        everyone += batch
    bulkload.insert_objects(Person, everyone)  # numbered in this order, as bulk_create per community did
    for two_new in ctx.data["two_new"]:
        # Employees who are members belong to the organization's own branch (that is where they meet).
        org = next((b for b in ctx.data["branches"] if tree.is_within(b.path, two_new.path)), two_new)
        for _ in range(8):
            gender = rng.choice("MF")
            born = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
            number = idcard.make(rng.choice(REGIONS), born, len(used) % 500, gender)
            if number in used:
                continue
            used.add(number)
            p = Person(organization=org, name=fake.name(), gender=gender, birth_date=born, id_number=number)
            p.fill_derived()
            p.save()
    ctx.data["people_by_community"] = people_by_community
    ctx.out(f"人员：{Person.objects.count()} 人")
