"""红色志愿者驿站: the roster refuses a volunteer's overlapping turns, and a service logged at a station counts in the
volunteer's hours, in the figures and in the annual report."""

import io
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from docx import Document

from dangjian.core import metrics
from dangjian.reports.composer import compose
from dangjian.reports.document import build_docx
from dangjian.services import actions
from dangjian.services.models import Station, StationDuty, StationService, Volunteer
from dangjian.testing import world


def _today_at(hour, minute=0):
    return timezone.make_aware(datetime.combine(timezone.localdate(), time(hour, minute)))


def _local(moment) -> str:
    """A moment as a browser's date-time picker sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _station(org):
    return Station.objects.create(organization=org, name="测试红色志愿者驿站", place="党群服务中心",
                                  opening_hours="周一至周五 9:00—17:00")


def _volunteer(org):
    return Volunteer.objects.filter(organization=org).select_related("person").order_by("pk").first()


def _year_value(key, org):
    today = timezone.localdate()
    return metrics.value(key, metrics.Scope(world.user("street")), org, today.replace(month=1, day=1), today)


def _report_text(org) -> str:
    doc = Document(io.BytesIO(build_docx(compose(org, timezone.localdate().year, metrics.Scope(world.user("street"))))))
    return "\n".join(p.text for p in doc.paragraphs)


def test_it_counts_a_station_log_in_hours_figures_and_the_annual_report(login, community_a, street):
    station, volunteer = _station(community_a), _volunteer(community_a)
    hours_before = actions.volunteer_hours(volunteer.person)
    services_before, hours_total_before = _year_value("station_services", street), _year_value("station_hours", street)
    secretary = login("secretary_a")
    page = secretary.get(station.get_absolute_url()).content.decode()
    assert 'name="log-volunteer"' in page and 'name="duty-volunteer"' in page
    response = secretary.post(f"/services/stations/{station.pk}/services/", {
        "log-volunteer": volunteer.pk, "log-recipient": "王大爷", "log-content": "代买降压药",
        "log-starts_at": _local(_today_at(8)), "log-ends_at": _local(_today_at(9, 50)),
    }, follow=True)
    assert "已登记服务记录" in response.content.decode()
    record = StationService.objects.get(station=station)
    assert (record.hours, record.whom, record.created_by.username) == (Decimal("1.5"), "王大爷", "secretary_a")
    assert actions.volunteer_hours(volunteer.person) == hours_before + Decimal("1.5")
    assert "代买降压药" in secretary.get(volunteer.get_absolute_url()).content.decode()
    assert _year_value("stations", community_a) >= 1
    assert _year_value("station_services", street) == services_before + 1
    assert _year_value("station_hours", street) == hours_total_before + Decimal("1.5")
    text = _report_text(street)
    assert "测试红色志愿者驿站" in text and "驿站值守" in text and "代买降压药" in text


def test_it_writes_no_station_sentence_without_stations(community_a, street):
    StationService.objects.all().delete()
    StationDuty.objects.all().delete()
    Station.objects.all().delete()
    text = _report_text(street)
    assert "驿站值守" not in text and "实现了居民互助" not in text


def test_it_refuses_a_volunteer_two_overlapping_turns_and_a_future_service(login, community_a):
    station, volunteer = _station(community_a), _volunteer(community_a)
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    secretary = login("secretary_a")
    url = f"/services/stations/{station.pk}/duties/"
    ok = secretary.post(url, {"duty-volunteer": volunteer.pk, "duty-date": day, "duty-starts": "09:00",
                              "duty-ends": "12:00"}, follow=True).content.decode()
    assert "已排班" in ok
    other = _station(community_a)
    clash = secretary.post(f"/services/stations/{other.pk}/duties/", {
        "duty-volunteer": volunteer.pk, "duty-date": day, "duty-starts": "11:00", "duty-ends": "13:00"},
        follow=True).content.decode()
    assert "时间重叠" in clash
    same_start = secretary.post(f"/services/stations/{other.pk}/duties/", {
        "duty-volunteer": volunteer.pk, "duty-date": day, "duty-starts": "09:00", "duty-ends": "10:00"},
        follow=True).content.decode()
    assert "时间重叠" in same_start and "已经存在" not in same_start
    assert StationDuty.objects.filter(volunteer=volunteer, date=day).count() == 1
    later = timezone.now() + timedelta(hours=3)
    refused = secretary.post(f"/services/stations/{station.pk}/services/", {
        "log-volunteer": volunteer.pk, "log-recipient": "李奶奶", "log-content": "陪诊",
        "log-starts_at": _local(later - timedelta(hours=1)), "log-ends_at": _local(later)},
        follow=True).content.decode()
    assert "只能登记已完成的服务" in refused
    assert not StationService.objects.filter(station=station).exists()


def test_it_hides_another_communitys_station(login, community_a):
    station, volunteer = _station(community_a), _volunteer(community_a)
    other = login("secretary_b")
    assert other.get(station.get_absolute_url()).status_code == 404
    response = other.post(f"/services/stations/{station.pk}/duties/", {
        "duty-volunteer": volunteer.pk, "duty-date": timezone.localdate().isoformat(), "duty-starts": "09:00",
        "duty-ends": "10:00"})
    assert response.status_code == 404
    assert not StationDuty.objects.filter(station=station).exists()


def test_it_shows_a_volunteer_their_own_turns_on_the_phone(login, community_a):
    station = _station(community_a)
    volunteer = Volunteer.objects.get(person__user__username="volunteer")
    day = timezone.localdate() + timedelta(days=2)
    StationDuty.objects.create(station=station, volunteer=volunteer, date=day, starts=time(9), ends=time(12))
    page = login("volunteer").get("/p/mine/").content.decode()
    assert "测试红色志愿者驿站" in page and "09:00—12:00" in page


def test_it_offers_the_street_admin_only_the_volunteers_of_the_stations_community(login, community_a, community_b):
    station, own, other = _station(community_a), _volunteer(community_a), _volunteer(community_b)
    assert other is not None
    admin = login("street_admin")
    page = admin.get(station.get_absolute_url()).content.decode()
    assert f'value="{own.pk}"' in page and f'value="{other.pk}"' not in page
    response = admin.post(f"/services/stations/{station.pk}/services/", {
        "log-volunteer": other.pk, "log-recipient": "王大爷", "log-content": "代买降压药",
        "log-starts_at": _local(_today_at(8)), "log-ends_at": _local(_today_at(9)),
    }, follow=True)
    assert "志愿者" in response.content.decode() and not StationService.objects.filter(station=station).exists()
