"""Honest figures in the annual report: nothing counted after the day it is written, members' own hours per
member, rates judged against the street's rule and linked to both their parts, and no report of an empty period."""

import html
import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dangjian.assessment.positions.models import Position, Room, RoomBooking
from dangjian.coop.models import JointActivity
from dangjian.core import metrics
from dangjian.core.longjob_model import LongJob
from dangjian.ledgers.models import Problem, Task
from dangjian.members.models import OrgLifeMeeting, PartyMember
from dangjian.orgs.choices import OrgKind
from dangjian.people.models import Person
from dangjian.reports import judging
from dangjian.reports.composer import NothingToReport, compose
from dangjian.reports.figures import FigureBook
from dangjian.reports.models import report_url
from dangjian.services.models import Activity, Signup
from dangjian.testing import clock, world


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _activity(org, day: date, title="志愿活动") -> Activity:
    return Activity.objects.create(organization=org, title=title, place="社区广场", starts_at=_at(day),
                                   ends_at=_at(day, 12), capacity=30, signup_opens=_at(day - timedelta(days=7)),
                                   signup_closes=_at(day, 8))


def _booking(org, day: date) -> RoomBooking:
    position = Position.objects.filter(organization__path__startswith=org.path).first() or Position.objects.create(
        organization=org, name="党群服务中心", level="community", kind="service_centre")
    room = position.rooms.first() or Room.objects.create(position=position, name="多功能室")
    return RoomBooking.objects.create(room=room, organization=org, purpose="党课", starts_at=_at(day),
                                      ends_at=_at(day, 11))


def _appendix(docx: bytes) -> dict:
    """{figure id: value cell} of the .docx's 数据来源 table."""
    table = Document(io.BytesIO(docx)).tables[-1]
    return {row.cells[0].text: row.cells[2].text for row in table.rows[1:]}


@pytest.fixture
def writing_day():
    """A day of this year with at least one day of the year after it (on 31 December the clock steps back one)."""
    today = timezone.localdate()
    day = min(today, date(today.year, 12, 30))
    with clock.at(day):
        yield day


def test_it_counts_nothing_dated_after_the_day_the_report_is_written(login, street, community_a, writing_day):
    year, later = writing_day.year, writing_day + timedelta(days=1)
    _booking(community_a, writing_day)  # one booking that did happen (this morning: 1 January counts too)
    before = compose(street, year)
    assert (before.start, before.end) == (date(year, 1, 1), writing_day)
    span = (before.start, before.end)
    values = {(f.key, f.org.pk): f.value for f in before.figures if (f.start, f.end) == span and not f.stated}
    # Booked, planned and dated after today: none of it has happened yet.
    _booking(community_a, later)
    _activity(community_a, later, "下月的志愿活动")
    JointActivity.objects.create(organization=community_a, title="计划中的共建活动", date=later)
    Problem.objects.create(organization=community_a, title="明天才发现的问题", category="other", source="self",
                           found_on=later)
    OrgLifeMeeting.objects.create(organization=community_a, kind="theme_day", date=later, start_time=time(9),
                                  place="活动室", topic="主题党日")
    after = compose(street, year)
    assert {(f.key, f.org.pk): f.value for f in after.figures if (f.start, f.end) == span and not f.stated} == values
    counted = RoomBooking.objects.filter(room__position__organization__path__startswith=street.path,
                                         cancelled_at__isnull=True, starts_at__gte=_at(date(year, 1, 1), 0),
                                         starts_at__lt=_at(later, 0)).count()
    book = FigureBook(metrics.Scope(), date(year, 1, 1), date(year, 12, 31), until=writing_day)
    rooms = book.now("room_bookings", street)
    assert rooms.end == writing_day and rooms.value == counted > 0 and f"end={writing_day.isoformat()}" in rooms.url
    whole_year = metrics.value("room_bookings", metrics.Scope(), street, date(year, 1, 1), date(year, 12, 31))
    assert whole_year >= counted + 1  # what "全年" counted before: tomorrow's booking among the year's uses
    shown = [f for f in after.figures if f.key == "room_bookings" and f.org == street]
    assert all(f.value == counted for f in shown)
    # The page, the click-through and the .docx say the same.
    client = login("street_admin")
    page = client.get(report_url(street.pk, year)).content.decode()
    assert f"{writing_day.year}年{writing_day.month}月{writing_day.day}日的记录统计" in page
    for fig in after.figures:
        if fig.url and not fig.stated:
            assert html.escape(fig.url) in page, fig.key
    rows = client.get(metrics.rows_url("problems_found", street, *span))
    assert "明天才发现的问题" not in rows.content.decode()
    docx = client.get(report_url(street.pk, year) + "&format=docx")
    assert docx.status_code == 200
    cells = _appendix(docx.content)
    for fig in after.figures:
        assert cells[fig.id] == f"{fig.text}{fig.metric.unit}", fig.key


def test_it_stops_at_the_date_the_committee_gave_the_report(street, community_a, writing_day):
    from dangjian.reports.models import AnnualReport

    year = writing_day.year
    JointActivity.objects.create(organization=community_a, title="元旦活动", date=date(year, 1, 1))
    saved = AnnualReport(organization=street, year=year, signed_on=date(year, 1, 1))
    report = compose(street, year, report=saved)
    assert report.end == date(year, 1, 1) and report.signed_on == date(year, 1, 1)
    saved.signed_on = date(year - 1, 12, 20)
    with pytest.raises(NothingToReport, match="成文日期"):
        compose(street, year, report=saved)


def test_it_divides_the_members_own_hours_by_the_members(community_a, writing_day):
    member = PartyMember.objects.active().filter(branch__path__startswith=community_a.path).first()
    resident = Person.objects.create(name="热心居民", organization=community_a)
    activity = _activity(community_a, writing_day)
    span = (date(writing_day.year, 1, 1), writing_day)
    system = metrics.Scope()

    def figures():
        return [metrics.value(k, system, community_a, *span)
                for k in ("volunteer_hours", "member_volunteer_hours", "members", "volunteer_hours_per_member")]

    hours, own, members, per = figures()
    Signup.objects.create(activity=activity, person=resident, hours=Decimal("10"), confirmed=True)
    Signup.objects.create(activity=activity, person=member.person, hours=Decimal("3"), confirmed=True)
    hours2, own2, members2, per2 = figures()
    assert hours2 == hours + 13  # every volunteer's hours
    assert own2 == own + 3 and members2 == members  # the members' own: the resident's 10 hours are not theirs
    assert per2 == (own2 / members2).quantize(Decimal("0.01"))
    assert metrics.get("volunteer_hours_per_member").per == ("member_volunteer_hours", "members")


def test_no_rate_in_the_registry_counts_more_than_its_denominator_holds(street):
    """A rate's numerator counts members of its denominator's population, so no rate passes 100% — except the
    verification rate, a flow of verifications over a flow of findings (a problem found last year, verified this
    year), which the monthly assessment scores as such."""
    span = (date(timezone.localdate().year, 1, 1), timezone.localdate())
    units = [street, *street.get_descendants().filter(kind=OrgKind.COMMUNITY_COMMITTEE)]
    for m in metrics.all_metrics():
        if m.ratio and not m.compute and m.key != "problems_verified_rate":
            for org in units:
                assert metrics.value(m.key, metrics.Scope(), org, *span) <= 100, (m.key, org.name)


def test_it_links_a_rate_to_its_numerator_and_its_denominator(login, street):
    client = login("street_admin")
    report = compose(street, timezone.localdate().year, metrics.Scope(world.user("street")))
    page = client.get(report_url(street.pk, report.year)).content.decode()
    shown = [p for b in report.blocks for p in b.parts if not isinstance(p, str) and p.parts]
    assert shown, "the opening states at least one rate"
    for fig in shown:
        num, den = fig.parts
        assert f'data-figure-part="{fig.id}:分子"' in page and f'data-figure-part="{fig.id}:分母"' in page
        assert html.escape(num.href) in page and html.escape(den.href) in page
    appendix = page[page.index('data-testid="appendix"'):]
    for fig in report.figures:  # every figure, stated ones (rules, targets) with where they are set
        assert f"<td>{fig.id}</td>" in appendix
        if fig.stated and fig.link:
            assert f'href="{html.escape(fig.link)}"' in appendix


def test_it_judges_a_rate_against_the_streets_rule_in_the_opening(street, community_a, writing_day):
    year = writing_day.year
    Task.objects.create(organization=community_a, year=year, title="逾期未完成的任务", category="org",
                        deadline=writing_day)  # due today and not done: late
    report = compose(street, year)
    opening = next(b for b in report.blocks if b.kind == "p")
    rate = next(p for p in opening.parts if not isinstance(p, str) and p.key == "tasks_on_time_rate")
    assert rate.value < 100
    assert f"按时完成率{rate.text}%，低于街道考核要求的100%" in opening.text
    standard = next(f for f in report.figures if f.key == "stated:standard:tasks_on_time_rate:street_committee")
    assert standard.value == 100 and standard.link == reverse("assessment:indicator_list")
    assert "按时完成了全部" not in opening.text
    # figures are numbered as the text reads them
    ids = [p.id for b in report.blocks for p in b.parts if not isinstance(p, str)]
    assert ids[:3] == ["F01", "F02", "F03"]


def test_it_leaves_out_a_rate_of_nothing(street, writing_day):
    year = writing_day.year
    quiet = street.add_child(name="新建社区党委", kind=OrgKind.COMMUNITY_COMMITTEE)
    JointActivity.objects.create(organization=quiet, title="第一次共建活动", date=date(year, 1, 1))
    report = compose(quiet, year)
    assert "按时完成率" not in report.blocks[2].text
    assert not any(f.key == "tasks_on_time_rate" for f in report.figures)


def test_it_scales_the_streets_monthly_standard_to_the_period(street, community_a):
    year = timezone.localdate().year
    book = FigureBook(metrics.Scope(), date(year, 1, 1), date(year, 12, 31), until=date(year, 6, 15))
    assert judging.months(date(year, 1, 1), date(year, 6, 15)) == Decimal("5.5")
    per = book("volunteer_hours_per_member", street)
    target, how = judging.rule(book, per, street)
    assert target == Decimal("5.5") and "5.5个月" in how  # 1 hour per member each month
    assert judging.rule(book, book("joint_activities", street), street) is None  # a street's total: no rule
    assert judging.rule(book, book("joint_activities", community_a), community_a)[0] == Decimal("11")
    assert judging.rule(book, book("tasks_on_time_rate", street), street)[0] == Decimal(100)
    assert judging.rule(book, book("meetings_held", street), street) is None  # not assessed


def test_it_refuses_a_period_without_records_on_the_page_the_downloads_and_the_command(login, street, tmp_path):
    year = timezone.localdate().year
    quiet = street.add_child(name="新建社区党委", kind=OrgKind.COMMUNITY_COMMITTEE)
    client = login("street_admin")
    response = client.get(report_url(quiet.pk, year))
    body = response.content.decode()
    assert response.status_code == 200 and "没有任何工作记录" in body and "新建社区党委" in body
    assert "data-figure=" not in body and 'data-testid="no-report"' in body and "download-docx" not in body
    response = client.get(report_url(quiet.pk, year) + "&format=docx")
    assert response.status_code == 302 and response["Location"] == report_url(quiet.pk, year)
    assert any("没有任何工作记录" in str(m) for m in get_messages(response.wsgi_request))
    # The PDF is composed in a long job only (a GET asks first): the job fails with the same reason.
    asked = client.get(report_url(quiet.pk, year) + "&format=pdf")
    client.post(reverse("job_start"), {"token": asked.context["token"]})
    job = LongJob.objects.filter(user=asked.wsgi_request.user).latest("id")
    assert job.status == LongJob.FAILED and "没有任何工作记录" in job.error
    followed = client.get(report_url(quiet.pk, year) + "&format=docx", follow=True).content.decode()
    assert followed.count("没有任何工作记录") == 1  # said once, not once by the download and again by the page
    with pytest.raises(CommandError, match="没有任何工作记录"):
        call_command("report", "--org", str(quiet.pk), "--year", str(year), "-o", str(tmp_path / "r.docx"),
                     stdout=io.StringIO())
    assert not (tmp_path / "r.docx").exists()
    with pytest.raises(CommandError, match="尚未开始"):
        call_command("report", "--org", str(street.pk), "--year", str(year + 1), "-o", str(tmp_path / "r.docx"),
                     stdout=io.StringIO())


def test_it_keeps_the_narratives_while_a_date_before_the_year_leaves_nothing_to_report(login, street):
    year = timezone.localdate().year
    url = report_url(street.pk, year)
    client = login("street_admin")
    form = {"title": "", "recipient": "区委组织部", "signed_on": f"{year - 1}-12-01", "n_causes": "四是保障不足。"}
    assert client.post(url, form).status_code == 302  # a slip of the year, as a browser sends the whole form
    page = client.get(url).content.decode()
    assert "成文日期（" in page and f"早于{year}年" in page and "data-figure=" not in page
    assert 'name="n_causes"' not in page and 'name="signed_on"' in page  # the date can still be put right
    assert client.post(url, {"title": "", "recipient": "区委组织部", "signed_on": f"{year}-01-05"}).status_code == 302
    saved = street.annual_reports.get(year=year)
    assert saved.signed_on == date(year, 1, 5) and saved.narratives == {"causes": "四是保障不足。"}
    assert "四是保障不足。" in client.get(url).content.decode()


def test_the_report_page_opens_on_the_year_just_ended_in_january(time_machine):
    from dangjian.reports.periods import report_year

    time_machine.move_to("2031-01-20 09:00 +08:00", tick=False)
    assert report_year() == 2030 and report_year("2031") == 2031
    time_machine.move_to("2031-02-15 09:00 +08:00", tick=False)
    assert report_year() == 2031 and report_year("not a year") == 2031
