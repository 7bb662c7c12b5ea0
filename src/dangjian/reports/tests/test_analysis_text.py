"""Sections 二 and 三 of the annual report read as analysis: the units behind are named with their numbers, the
sub-sections never contradict each other, every number is a figure, and 三 answers what 二 found."""

import io
import re
from datetime import date, time
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from dangjian.assessment.scores.analysis import RULE_TEXT, analyse
from dangjian.coop.models import JointActivity
from dangjian.core import metrics
from dangjian.ledgers.models import Task
from dangjian.members.choices import AttendanceStatus, MeetingKind
from dangjian.members.models import Attendance, OrgLifeMeeting, PartyMember
from dangjian.orgs.actions import create_organization
from dangjian.orgs.choices import DemoSiteType, OrgKind
from dangjian.orgs.models import Organization
from dangjian.reports.composer import compose
from dangjian.reports.document import build_docx
from dangjian.reports.figures import Figure
from dangjian.reports.plans import when
from dangjian.services.models import BrandProject
from dangjian.testing.factories import PersonFactory


def _past() -> int:
    """The year of the worlds built here: last year, wholly in the past, so records dated anywhere in it count
    whatever today is (a report counts nothing after its day; on 1 January this year holds a single day)."""
    return timezone.localdate().year - 1


def _year() -> int:
    """The seeded world's report year: this year, where the world's records are."""
    return timezone.localdate().year


def _street(name="测试街道党工委"):
    district = create_organization(None, name="测试区", kind=OrgKind.DISTRICT)
    return create_organization(district, name=name, kind=OrgKind.STREET_COMMITTEE)


def _communities(street, joint: dict, brands: dict | None = None, demo=()) -> dict:
    """Communities with `joint[name]` joint activities this year and `brands[name]` brand rows: one brand with
    `brands[name] − 1` sub-services (one row alone: a brand that is not yet a system)."""
    for name in joint:
        create_organization(street, name=name, kind=OrgKind.COMMUNITY_COMMITTEE,
                            demo_site=DemoSiteType.COMMUNITY if name in demo else DemoSiteType.NONE)
    made = {o.name: o for o in Organization.objects.filter(path__startswith=street.path,
                                                           kind=OrgKind.COMMUNITY_COMMITTEE)}
    for name, count in joint.items():
        JointActivity.objects.bulk_create(
            JointActivity(organization=made[name], title=f"活动{i}", date=date(_past(), 1, 1 + i % 28))
            for i in range(count))
    for name, count in (brands or {}).items():
        top = BrandProject.objects.create(organization=made[name], name=f"{name}品牌", target_group="居民")
        BrandProject.objects.bulk_create(BrandProject(organization=made[name], name=f"{name}服务{i}", parent=top,
                                                      target_group="居民") for i in range(count - 1))
    return made


def _two_new(street, attending: dict[str, tuple[int, int]]) -> dict:
    """Two-new organizations, each with a branch of `members` members of whom `present` came to a meeting."""
    for name in attending:
        create_organization(street, name=name, kind=OrgKind.TWO_NEW_ORG)
    made = {o.name: o for o in Organization.objects.filter(path__startswith=street.path, kind=OrgKind.TWO_NEW_ORG)}
    day = date(_past(), 6, 1)
    for name, (members, present) in attending.items():
        branch = create_organization(made[name], name=f"{name}第一党支部", kind=OrgKind.BRANCH)
        meeting = OrgLifeMeeting.objects.create(organization=branch, kind=MeetingKind.THEME_DAY, date=day,
                                                start_time=time(9), place="会议室", topic="主题党日")
        for i in range(members):
            member = PartyMember.objects.create(person=PersonFactory(organization=branch), branch=branch,
                                                join_date=date(2000, 7, 1))
            status = AttendanceStatus.PRESENT if i < present else AttendanceStatus.ABSENT
            Attendance.objects.create(meeting=meeting, member=member, status=status)
    return made


def _section(report, numeral: str) -> list:
    """The blocks of section 二 or 三 (from its h1 to the next h1 or the signature), narratives left out."""
    blocks, inside = [], False
    for b in report.blocks:
        if b.kind in ("h1", "signature"):
            inside = b.text.startswith(numeral)
            continue
        if inside and b.kind != "narrative":
            blocks.append(b)
    return blocks


def _text(blocks) -> str:
    return "\n".join(b.text for b in blocks)


def _figures(blocks) -> list[Figure]:
    return [p for b in blocks for p in b.parts if isinstance(p, Figure)]


def _plain_digits(blocks) -> list[str]:
    """Digits written into the text instead of a figure (years such as "2027年" aside)."""
    found = []
    for b in blocks:
        for part in b.parts:
            if isinstance(part, str):
                found += re.findall(r"\d+", re.sub(r"\d{4}年|\d{1,2}月(\d{1,2}日|底)", "", part))
    return found


def test_it_names_the_communities_behind_with_their_numbers(db):
    street = _street()
    made = _communities(street, {"甲社区": 10, "乙社区": 9, "丙社区": 8, "丁社区": 2})
    report = compose(street, _past())
    two, three = _section(report, "二"), _section(report, "三")
    coop = next(b for b in two if "丁社区" in b.text)
    figs = _figures([coop])
    value = next(f for f in figs if f.key == "joint_activities" and f.org == made["丁社区"])
    assert value.value == 2 and "丁社区联创共建活动仅为2次" in coop.text
    median = next(f for f in figs if f.key == "stated:median:joint_activities")
    gap = next(f for f in figs if f.key == "stated:gap:joint_activities")
    # A count's gap is the plain difference, not a percentage of the median (which reads as points).
    assert median.value == Decimal("8.5") and gap.value == Decimal("6.5") and gap.org == made["丁社区"]
    assert "比中位数8.5次少6.5次" in coop.text
    assert median.url and gap.url  # linked, to the analysis page
    for other in ("甲社区", "乙社区", "丙社区"):
        assert other not in _text(two) + _text(three)
    assert "丁社区" in _text(three)  # 三 answers it, naming the community


def test_it_compares_two_two_new_organizations(db):
    street = _street()
    _communities(street, {"甲社区": 3})
    made = _two_new(street, {"红星物业党总支": (4, 4), "宏达机械党总支": (4, 1)})
    families, _ = analyse(metrics.Scope(), street, date(_past(), 1, 1), date(_past(), 12, 31))
    two_new = next(f for f in families if f["family"] == "two_new")
    assert len(two_new["units"]) == 2
    assert [x.org for x in two_new["findings"]] == [made["宏达机械党总支"]]
    report = compose(street, _past())
    text = _text(_section(report, "二"))
    # A rate's gap in percentage points, the median with its decimal like the rates beside it.
    assert "宏达机械党总支党员参与率仅为25.0%" in text and "比中位数62.5%低37.5个百分点" in text
    assert "宏达机械党总支" in _text(_section(report, "三"))
    assert "原因主要是思想认识存在偏差" in text  # the one cause drawn from the same finding, without "一是"


def test_it_does_not_contradict_itself_when_nothing_lags(db):
    street = _street()
    made = _communities(street, {"甲社区": 6, "乙社区": 6, "丙社区": 5}, brands={"甲社区": 1, "乙社区": 1, "丙社区": 1})
    report = compose(street, _past())
    two, three = _section(report, "二"), _section(report, "三")
    text = _text(two) + _text(three)
    assert not [name for name in made if name in text]
    assert "比中位数" not in text.replace("均未比中位数低", "") and "党建工作发展不平衡" not in text
    assert "均未比中位数低50%以上" in _text(two)  # the threshold, a figure
    threshold = next(f for f in _figures(two) if f.key == "stated:threshold")
    assert threshold.value == 50 and threshold.definition == RULE_TEXT
    assert "统筹兼顾" not in text  # no cause without a finding behind it


def test_it_keeps_the_subsections_consistent_when_one_community_lags(db):
    street = _street()
    made = _communities(street, {"东风社区": 9, "和平社区": 9, "光明社区": 8, "建设社区": 8, "团结社区": 1},
                        brands={"东风社区": 4, "和平社区": 4, "光明社区": 1, "建设社区": 1, "团结社区": 1},
                        demo=("东风社区", "和平社区"))
    report = compose(street, _past())
    two, three = _section(report, "二"), _section(report, "三")
    headings = [b.text for b in two if b.kind == "h2"]
    assert headings[0] == "（一）党建工作发展不平衡。"
    assert all("均未比中位数低" not in b.text for b in two)
    # Brands as Section 一 names them: those with sub-services stand out, a lone brand is not yet a system.
    assert "东风社区的“东风社区品牌”、和平社区的“和平社区品牌”特色相对突出" in _text(two)
    assert "光明社区的“光明社区品牌”、团结社区的“团结社区品牌”、建设社区的“建设社区品牌”等特色缺乏系统性" in _text(two)
    assert "中位数为" not in _text(two).split("“两新”")[0]  # no median of brand counts (0.5 of a brand)
    # The demonstration sites lead: cause 三 says so, counting the others, and 三 answers each group.
    causes = two[-1].text
    assert "没能做到统筹兼顾" in causes and "对其余3个社区" in causes
    assert "指导光明社区、团结社区、建设社区总结提炼已有的特色做法" in _text(three)
    assert made


def test_it_keeps_the_rule_out_of_the_body_and_in_the_appendix(street):
    doc = Document(io.BytesIO(build_docx(compose(street, _year()))))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "判断规则" not in body and "即视为明显落后" not in body and RULE_TEXT not in body
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert RULE_TEXT in cells


@pytest.mark.parametrize("world", ["seeded", "built"])
def test_it_writes_every_number_of_sections_two_and_three_as_a_figure(db, world):
    if world == "seeded":
        from dangjian.testing import world as seeded

        street, year = seeded.street(), _year()
    else:
        year = _past()
        street = _street()
        _communities(street, {"甲社区": 10, "乙社区": 9, "丙社区": 2}, brands={"甲社区": 3})
        _two_new(street, {"甲公司党支部": (5, 5), "乙公司党支部": (5, 1)})
        Task.objects.create(organization=street, year=_past() + 1, title="打造社区共驻共建服务项目",
                            category="regional", target_value=Decimal(2), target_unit="个",
                            deadline=date(_past() + 1, 6, 30))
    report = compose(street, year)
    blocks = _section(report, "二") + _section(report, "三")
    assert not _plain_digits(blocks), _text(blocks)
    assert all(f.url or f.links for f in _figures(blocks))  # each opens its rows, or where it is set


def test_it_writes_plans_as_ordinals_and_never_a_lone_first(street):
    Task.objects.filter(organization=street, year=_year() + 1).exclude(category="brand").update(year=_year() + 5)
    report = compose(street, _year())
    three = _section(report, "三")
    for b in three:
        if b.kind == "p":
            assert ("一是" in b.text) == ("二是" in b.text), b.text
    headings = [b.text for b in three if b.kind == "h2"]
    assert headings and all("，" in h for h in headings)  # a heading that says what will be done
    target = next(f for f in _figures(three) if f.key.startswith("stated:task:"))
    assert target.url.startswith("/ledgers/tasks/")


def test_it_says_deadlines_in_words():
    assert when(date(2027, 6, 30)) == "上半年" and when(date(2027, 12, 31)) == "年底前"
    assert when(date(2027, 11, 30)) == "11月底前" and when(date(2027, 5, 20)) == "5月20日前"  # as 截至12月1日


def test_it_reads_the_seeded_street_as_a_district_reader_would(street):
    report = compose(street, _year())
    two, three = _text(_section(report, "二")), _text(_section(report, "三"))
    # Gaps of rates in percentage points, never a percentage of the median.
    assert "个百分点" in two and not re.search(r"中位数\d+(\.\d)?%[高低]\d+(\.\d)?%", two)
    # Only an organization meeting the street's standard is called good, and of participation.
    assert "爱心之家社会工作服务中心党总支党员参与率" not in two and "开展得比较经常" not in two
    # Tasks as the committee worded them: no target repeating "每月", none forced onto the four levels.
    assert "年底前达到" not in three and "4级" not in three and "30名（户）" in three
    assert "与各社区签订党建目标责任书" in three and "党工委牵头落实" in three
    brand_heading = next(b.text for b in _section(report, "三") if b.kind == "h2" and "品牌" in b.text)
    assert "帮扶" not in brand_heading


def test_it_names_the_community_whose_residents_say_problems_are_not_fixed(db):
    from datetime import datetime

    from dangjian.ledgers.models import Problem, ProblemFeedback

    street = _street()
    made = _communities(street, {"甲社区": 5, "乙社区": 5, "丙社区": 5, "丁社区": 5})
    answered = timezone.make_aware(datetime(_past(), 6, 1, 10))
    for name, fixed in (("甲社区", 4), ("乙社区", 4), ("丙社区", 4), ("丁社区", 1)):
        for i in range(4):
            problem = Problem.objects.create(organization=made[name], title=f"{name}回访{i}", category="service",
                                             source="sentiment", status="resolved", raised_in=made[name],
                                             found_on=date(_past(), 5, 1))
            ProblemFeedback.objects.create(problem=problem, community=made[name], asked_on=date(_past(), 5, 20),
                                           answered_at=answered, fixed=i < fixed, rating=5 if i < fixed else 2)
    report = compose(street, _past())
    two, three = _section(report, "二"), _section(report, "三")
    assert any(b.kind == "h2" and "居民诉求办理还不够到位" in b.text for b in two)
    voice = next(b for b in two if "满意率" in b.text and "丁社区" in b.text)
    value = next(f for f in _figures([voice]) if f.key == "resident_satisfaction" and f.org == made["丁社区"])
    assert value.value == 25 and "丁社区满意率仅为25" in voice.text
    total = next(f for f in _figures([voice]) if f.key == "feedback_answered" and f.org == street)
    assert total.value == 16
    assert "诉求办理闭环意识不强" in _text(two)
    assert any("丁社区" in b.text and "逐件回访" in b.text for b in three)
    for other in ("甲社区", "乙社区", "丙社区"):
        assert other not in _text(two) + _text(three)
    assert not _plain_digits(two + three)
