"""Section 一 as the district reads it in the .docx: a practice per demonstration site under its own heading, every
name the records hold for a practice in its paragraph, no sentence shared between sites, nothing written for
records that are not there, and no number that is not a figure of the records."""

import io
import re
from datetime import date, datetime, time, timedelta
from itertools import combinations

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dangjian.coop.models import CoBuildAgreement, JointActivity, PartnerUnit
from dangjian.core import metrics
from dangjian.orgs.choices import DemoSiteType, OrgKind
from dangjian.orgs.models import Organization
from dangjian.reports.composer import compose
from dangjian.reports.document import build_docx
from dangjian.reports.figures import Figure
from dangjian.services.choices import BrandKind
from dangjian.services.festivals import festival_of, in_calendar_order
from dangjian.services.models import Activity, AllianceMember, BrandProject, VolunteerTeam
from dangjian.testing import world

NUMBERED = re.compile(r"^（[一二三四五六七八九十]+）")


def _year() -> int:
    return timezone.localdate().year


def _scope():
    return metrics.Scope(world.user("street"))


def _practices(org, scope=None) -> list[tuple[str, str]]:
    """[(heading, its paragraphs)] of section 一 as the .docx reads (the overview first, under "")."""
    doc = Document(io.BytesIO(build_docx(compose(org, _year(), scope))))
    texts = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    first = next(i for i, t in enumerate(texts) if t.startswith("一、"))
    last = next(i for i, t in enumerate(texts) if t.startswith("二、"))
    found, heading, body = [], "", []
    for text in texts[first + 1:last]:
        if NUMBERED.match(text):
            found.append((heading, "\n".join(body)))
            heading, body = text, []
        else:
            body.append(text)
    return found + [(heading, "\n".join(body))]


def _of(practices, org) -> tuple[str, str]:
    """The practice headed by `org`'s name (the longest name that heads it, so a community's volunteer branch,
    "东风社区志愿服务党支部", is not taken for 东风社区)."""
    names = {o.pk: {o.name, o.short_name} - {""} for o in Organization.objects.filter(demo_site__gt="")}
    names[org.pk] = {org.name, org.short_name} - {""}
    for heading, body in practices:
        rest = NUMBERED.sub("", heading)
        best = max(((len(n), pk) for pk, ns in names.items() for n in ns if rest.startswith(n)), default=None)
        if best and best[1] == org.pk:
            return heading, body
    raise AssertionError(f"no practice headed by {org.name}")


def _sentences(text: str) -> set[str]:
    return {s.strip() for s in re.split("[。；！？\n]", text) if len(s.strip()) > 20}


def _sites(street):
    sites = list(Organization.objects.filter(path__startswith=street.path).exclude(demo_site="").order_by("path"))
    branches = list(Organization.objects.filter(path__startswith=street.path, kind=OrgKind.VOLUNTEER_BRANCH,
                                                volunteer_teams__isnull=False).distinct())
    return sites, branches


def test_it_gives_each_demonstration_site_its_own_heading_and_no_shared_sentence(street):
    practices = _practices(street, _scope())
    sites, branches = _sites(street)
    assert {s.demo_site for s in sites} == {DemoSiteType.COMMUNITY, DemoSiteType.TWO_NEW} and branches
    told = {org.pk: _of(practices, org) for org in sites + branches}
    headings = [heading for heading, _ in told.values()]
    assert len(set(headings)) == len(headings)
    for (a, (_, text_a)), (b, (_, text_b)) in combinations(told.items(), 2):
        assert not _sentences(text_a) & _sentences(text_b), (a, b, _sentences(text_a) & _sentences(text_b))
    # Headings are drawn from each site's own brand or method, as the reference's are.
    for org in sites + branches:
        heading, _ = told[org.pk]
        own = BrandProject.objects.filter(organization__path__startswith=org.path, parent__isnull=True)
        assert any(b.name.strip("“”") in heading for b in own), heading


def _clauses(text: str) -> set[str]:
    return {c.strip() for c in re.split("[，。；：！？\n]", text) if len(c.strip()) >= 12}


def test_it_writes_each_site_from_its_own_method_or_platform_in_clauses_no_other_text_repeats(street):
    """A method site is told through the method's own points, a platform site through the platform's parts; no
    clause of 12 characters or more is shared by two sites, nor by a site and the street-wide paragraphs."""
    practices = _practices(street, _scope())
    sites, branches = _sites(street)
    told = {org.pk: _of(practices, org) for org in sites + branches}
    for (a, (_, text_a)), (b, (_, text_b)) in combinations(told.items(), 2):
        assert not _clauses(text_a) & _clauses(text_b), (a, b, _clauses(text_a) & _clauses(text_b))
    headings = {heading for heading, _ in told.values()}
    wide = "\n".join(body for heading, body in practices if heading and heading not in headings)
    assert wide
    for org_pk, (_, text) in told.items():
        assert not _clauses(text) & _clauses(wide), (org_pk, _clauses(text) & _clauses(wide))
    numerals = "一二三四五六七八九十"
    for site in (s for s in sites if s.demo_site == DemoSiteType.COMMUNITY):
        _, text = told[site.pk]
        top = BrandProject.objects.filter(organization=site, parent__isnull=True)
        method = top.filter(kind=BrandKind.METHOD).first()
        platform = top.filter(kind=BrandKind.PLATFORM).first()
        if method is not None:  # 一是…六是 are the method's own points, in its order
            points = [line.strip() for line in method.standing_items.splitlines() if line.strip()]
            assert all(f"{numerals[k]}是{point}。" in text for k, point in enumerate(points)), text
        if platform is not None:  # each part of the platform a point of its own
            parts = BrandProject.objects.filter(parent=platform).values_list("name", flat=True)
            assert parts and all(re.search(f"[{numerals}]是[^。]*{re.escape(p)}。", text) for p in parts), text
    assert any(BrandProject.objects.filter(organization=s, kind=BrandKind.METHOD).exists() for s in sites)
    assert any(BrandProject.objects.filter(organization=s, kind=BrandKind.PLATFORM).exists() for s in sites)


def _names(model, org, told, field="name", lookup="organization"):
    qs = model.objects.filter(**{f"{lookup}__path__startswith": org.path})
    for path in told:
        if path != org.path and path.startswith(org.path):
            qs = qs.exclude(**{f"{lookup}__path__startswith": path})
    return set(qs.values_list(field, flat=True))


def test_it_names_in_each_practice_everything_its_records_hold(street):
    practices = _practices(street, _scope())
    sites, branches = _sites(street)
    told = [o.path for o in sites + branches]
    start, end = date(_year(), 1, 1), timezone.localdate()
    for org in sites + branches:
        _, text = _of(practices, org)
        partners = set(metrics.rows("partner_units", _scope(), org, start, end).values_list("name", flat=True))
        names = (partners | _names(BrandProject, org, told) | _names(VolunteerTeam, org, told)
                 | _names(AllianceMember, org, told))
        if org.kind == OrgKind.COMMUNITY_COMMITTEE:
            assert partners and names - partners, org.name  # the demo gives each community more than partners
        assert names and {n for n in names if n.strip("“”") not in text} == set(), org.name
    captains = VolunteerTeam.objects.filter(organization__in=branches, leader__isnull=False)
    _, branch_text = _of(practices, branches[0])
    assert captains and all(f"{t.name}（队长{t.leader.name}）" in branch_text for t in captains)
    for mode in ("预约式", "菜单式", "组团式"):
        assert mode in branch_text
    # The street-wide practices name the whole street's partners, teams and alliance members.
    wide = "\n".join(body for heading, body in practices if heading)
    scope = _scope()
    for key in ("partner_units", "volunteer_teams", "alliance_members", "regional_committees"):
        listed = set(metrics.rows(key, scope, street, start, end).values_list("name", flat=True))
        assert listed and {n for n in listed if n not in wide} == set(), key
    overview = practices[0][1]
    assert all((s.short_name or s.name) in overview for s in sites)


def test_it_states_no_number_in_section_one_that_is_not_a_figure_of_the_records(street):
    report = compose(street, _year(), _scope())
    blocks = report.blocks[next(i for i, b in enumerate(report.blocks) if b.text.startswith("一、")):
                           next(i for i, b in enumerate(report.blocks) if b.text.startswith("二、"))]
    words = "".join(p for b in blocks for p in b.parts if isinstance(p, str))
    assert not re.findall(r"\d", re.sub("“[^”]*”", "", words))  # a name in quotes ("1+1+1", "3+×") is a name
    figures = [p for b in blocks for p in b.parts if isinstance(p, Figure)]
    assert len(figures) > 40
    # Each is the count of its rows (the click-through), a rate of two such counts, or a rule's standard linked to
    # the catalogue.
    catalogue = reverse("assessment:indicator_list")
    for fig in figures:
        rows = fig.url and not fig.stated or fig.parts and all(p.url and not p.stated for p in fig.parts)
        assert rows or fig.link == catalogue, fig.label


def _demo_street(names: dict[str, str]):
    """A street of demonstration communities alike in every count: one partner (named `names[community]`) and two
    joint activities of the same title on the same days — and nothing else."""
    district = Organization.add_root(name="测试区", kind=OrgKind.DISTRICT)
    street = district.add_child(name="测试街道党工委", kind=OrgKind.STREET_COMMITTEE)
    year = _year()
    for community, partner in names.items():
        org = street.add_child(name=community, short_name=community, kind=OrgKind.COMMUNITY_COMMITTEE,
                               demo_site=DemoSiteType.COMMUNITY)
        unit = PartnerUnit.objects.create(organization=org, name=partner, kind="resident_unit")
        CoBuildAgreement.objects.create(partner=unit, start=date(year, 1, 1), end=date(year, 12, 31))
        for day in (1, 2):
            JointActivity.objects.create(organization=org, title="环境整治", date=date(year, 1, day)).partners.add(unit)
    return street


def test_it_writes_only_what_the_records_hold_and_no_sentence_two_sites_share(db):
    street = _demo_street({"甲社区": "甲方集团", "乙社区": "乙方医院"})
    practices = _practices(street)
    a, b = (_of(practices, Organization.objects.get(name=n)) for n in ("甲社区", "乙社区"))
    assert a[0] != b[0] and not _sentences(a[1]) & _sentences(b[1])
    assert "甲方集团" in a[1] and "乙方医院" in b[1] and "环境整治" in a[1]
    section = "\n".join(f"{h}\n{body}" for h, body in practices[1:])  # after the overview's aims
    assert len(practices) == 4  # the two sites and co-building: no heading over nothing
    for absent in ("品牌", "志愿服务队", "便民服务联盟", "民情档案", "草根能人", "3+×", "党员之家", "节日", "微心愿"):
        assert absent not in section, absent


def _at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_it_finds_the_festival_an_activity_served_from_its_title_or_its_day():
    assert festival_of("端午节包粽子送邻里", date(2024, 6, 3)) == "端午节"
    assert festival_of("“感党恩、颂和谐”庆“七一”文艺汇演", None) == "“七一”"
    assert festival_of("小区环境整治", date(2024, 10, 1)) == "国庆节"  # held on the day
    assert festival_of("小区环境整治", date(2024, 10, 2)) == ""
    assert in_calendar_order(["国庆节", "", "元宵节", "国庆节"]) == ["元宵节", "国庆节"]


def test_it_counts_festival_activities_and_the_teams_activities_where_the_team_belongs(community_a):
    year = _year()
    branch = community_a.add_child(name="测试志愿服务党支部", kind=OrgKind.VOLUNTEER_BRANCH)
    team = VolunteerTeam.objects.create(organization=branch, name="测试服务队")
    span = (metrics.Scope(), community_a, date(year, 1, 1), date(year, 12, 31))
    before = {k: metrics.value(k, *span) for k in ("festival_activities", "team_activities")}
    branch_before = metrics.value("team_activities", metrics.Scope(), branch, *span[2:])
    held = (("元宵节猜灯谜", date(year, 1, 20)), ("义务理发", date(year, 1, 1)), ("义务理发", date(year, 1, 2)))
    for title, day in held:
        Activity.objects.create(organization=community_a, team=team, title=title, place="中心", starts_at=_at(day),
                                ends_at=_at(day, 11), capacity=5, signup_opens=_at(day - timedelta(days=3)),
                                signup_closes=_at(day, 8))
    assert metrics.value("festival_activities", *span) == before["festival_activities"] + 2  # 元宵, 元旦
    assert metrics.value("team_activities", *span) == before["team_activities"] + 3
    assert metrics.value("team_activities", metrics.Scope(), branch, *span[2:]) == branch_before + 3


def test_it_keeps_a_brands_sub_services_within_the_brand_and_one_level_deep(login, community_a, community_b):
    from django.core.exceptions import ValidationError

    top = BrandProject.objects.create(organization=community_a, name="测试品牌", target_group="居民")
    sub = BrandProject.objects.create(organization=community_a, name="测试服务", target_group="老人", parent=top)
    for bad in (BrandProject(organization=community_b, name="别处的", target_group="居民", parent=top),
                BrandProject(organization=community_a, name="孙辈", target_group="居民", parent=sub)):
        with pytest.raises(ValidationError):
            bad.full_clean()
    client = login("secretary_a")
    response = client.post(reverse("services:brand_add"), {
        "organization": community_a.pk, "name": "新服务", "kind": BrandKind.SERVICE, "parent": top.pk,
        "target_group": "儿童", "standing_items": "四点半课堂", "results": ""})
    assert response.status_code == 302
    assert BrandProject.objects.get(name="新服务").parent == top
    other = BrandProject.objects.create(organization=community_b, name="别社区品牌", target_group="居民")
    response = client.post(reverse("services:brand_add"), {
        "organization": community_a.pk, "name": "越界", "kind": BrandKind.SERVICE, "parent": other.pk,
        "target_group": "儿童"})
    assert response.status_code == 200 and not BrandProject.objects.filter(name="越界").exists()
