"""流动居委会 / 站岗式服务: sessions on the street with staff on duty, the matters handled there, a matter turned
into a problem or a wish (once, with its history), and the counts in the figures and the annual report."""

import io
from datetime import timedelta

from auditlog.models import LogEntry
from django.utils import timezone
from docx import Document

from dangjian.core import metrics
from dangjian.ledgers.choices import Source
from dangjian.ledgers.models import Problem
from dangjian.reports.composer import compose
from dangjian.reports.document import build_docx
from dangjian.services.choices import WishStatus
from dangjian.services.models import MatterStatus, OutdoorMatter, OutdoorSession
from dangjian.testing import world
from dangjian.testing.browser_form import main_form


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _year_value(key, org):
    today = timezone.localdate()
    return metrics.value(key, metrics.Scope(world.user("street")), org, today.replace(month=1, day=1), today)


def _session(client, org, hours_ago=2):
    """A session entered through its form as a browser fills it, with the secretary on duty."""
    start = timezone.now() - timedelta(hours=hours_ago)
    page = client.get("/services/outdoor/add/").content.decode()
    assert main_form(page, "/services/outdoor/add/") is not None
    secretary = org.secretary  # the community's secretary on record
    response = client.post("/services/outdoor/add/", {
        "organization": org.pk, "kind": "mobile", "place": "测试广场", "starts_at": _local(start),
        "ends_at": _local(start + timedelta(minutes=90)), "staff": [secretary.pk], "note": "政策宣传"})
    assert response.status_code == 302, response.context["form"].errors
    return OutdoorSession.objects.get(place="测试广场")


def test_it_counts_sessions_and_turns_a_matter_into_one_problem(login, community_a, street):
    before = {k: _year_value(k, street) for k in ("outdoor_sessions", "outdoor_matters", "outdoor_problems")}
    secretary = login("secretary_a")
    session = _session(secretary, community_a)
    page = secretary.get(session.get_absolute_url()).content.decode()
    assert community_a.secretary.name in page
    for content, settled in (("路灯不亮", False), ("咨询社保认证", True)):
        secretary.post(f"/services/outdoor/{session.pk}/matters/", {
            "matter-resident_name": "王大爷", "matter-content": content,
            "matter-handling": "当场讲解" if settled else "", "matter-settled": "on" if settled else ""})
    light = OutdoorMatter.objects.get(session=session, content="路灯不亮")
    assert OutdoorMatter.objects.get(session=session, content="咨询社保认证").status == MatterStatus.SETTLED
    problems = Problem.objects.count()
    assert "已转入问题清单" in secretary.post(f"/services/outdoor/matters/{light.pk}/problem/",
                                          follow=True).content.decode()
    again = secretary.post(f"/services/outdoor/matters/{light.pk}/problem/", follow=True).content.decode()
    assert "不能再转办" in again  # the second click of a double click
    assert Problem.objects.count() == problems + 1
    light.refresh_from_db()
    assert light.status == MatterStatus.PROBLEM
    assert (light.problem.title, light.problem.source, light.problem.organization) == (
        "路灯不亮", Source.MASSES, community_a)
    steps = [e.additional_data.get("step") for e in LogEntry.objects.get_for_object(light) if e.additional_data]
    assert steps == ["转入问题清单"]
    assert _year_value("outdoor_sessions", street) == before["outdoor_sessions"] + 1
    assert _year_value("outdoor_matters", street) == before["outdoor_matters"] + 2
    assert _year_value("outdoor_problems", street) == before["outdoor_problems"] + 1
    doc = Document(io.BytesIO(build_docx(compose(street, timezone.localdate().year,
                                                 metrics.Scope(world.user("street"))))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "“零距离”工作法" in text and "转入问题清单跟踪整改" in text


def test_it_turns_a_matter_into_a_wish_for_a_resident(login, community_a):
    secretary = login("secretary_a")
    session = _session(secretary, community_a)
    resident = world.user("resident").person
    secretary.post(f"/services/outdoor/{session.pk}/matters/", {"matter-content": "想要一副老花镜"})
    matter = OutdoorMatter.objects.get(session=session)
    response = secretary.post(f"/services/outdoor/matters/{matter.pk}/wish/", {
        f"wish{matter.pk}-resident": resident.pk, f"wish{matter.pk}-category": "health"}, follow=True)
    assert "已转为微心愿" in response.content.decode()
    matter.refresh_from_db()
    assert (matter.status, matter.wish.content, matter.wish.resident, matter.wish.status) == (
        MatterStatus.WISH, "想要一副老花镜", resident, WishStatus.SUBMITTED)


def test_it_refuses_matters_before_a_session_begins(login, community_a):
    secretary = login("secretary_a")
    session = _session(secretary, community_a, hours_ago=-5)
    page = secretary.post(f"/services/outdoor/{session.pk}/matters/", {"matter-content": "路灯不亮"},
                          follow=True).content.decode()
    assert "尚未开始" in page and not OutdoorMatter.objects.filter(session=session).exists()


def test_it_hides_another_communitys_session_and_its_matters(login, community_a):
    session = _session(login("secretary_a"), community_a)
    matter = OutdoorMatter.objects.create(session=session, content="路灯不亮")
    other = login("secretary_b")
    assert other.get(session.get_absolute_url()).status_code == 404
    assert other.post(f"/services/outdoor/matters/{matter.pk}/problem/").status_code == 404
    matter.refresh_from_db()
    assert matter.status == MatterStatus.OPEN and matter.problem is None
