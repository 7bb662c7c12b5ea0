from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from dangjian.ledgers import actions
from dangjian.ledgers.models import ProgressEntry, SupervisionNotice, Task
from dangjian.ledgers.progress import attach_progress, with_latest_percent
from dangjian.orgs import actions as org_actions
from dangjian.orgs.choices import OrgKind
from dangjian.testing import world


@pytest.fixture
def eight_communities(street):
    from dangjian.orgs.models import Organization

    existing = list(Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE, path__startswith=street.path))
    for i in range(8 - len(existing)):
        existing.append(org_actions.create_organization(street, name=f"测试{i}社区党委",
                                                        kind=OrgKind.COMMUNITY_COMMITTEE))
    return existing[:8]


@pytest.fixture
def committee_task(street):
    return actions.create_task(world.user("street"), street, year=2026, title="每月开展共驻共建活动",
                               category="regional", target_value=Decimal(96), target_unit="次",
                               deadline=date(2026, 12, 31))


def _progress(task):
    task = with_latest_percent(Task.objects.filter(pk=task.pk)).get()
    attach_progress([task])
    return task.progress


def test_a_split_task_rolls_up_weighted_progress_from_its_communities(committee_task, eight_communities):
    admin = world.user("street")
    weights = [2, 1, 1, 1, 1, 1, 1, 1]
    children = actions.split_task(admin, committee_task, [(c, Decimal(12), None, Decimal(w))
                                                          for c, w in zip(eight_communities, weights, strict=True)])
    assert len(children) == 8 and all(c.parent_id == committee_task.pk for c in children)
    actions.add_progress(admin, children[0], date(2026, 6, 1), "上半年", value=Decimal(12))  # 100 %, weight 2
    actions.add_progress(admin, children[1], date(2026, 6, 1), "上半年", value=Decimal(6))  # 50 %
    expected = (Decimal(100) * 2 + Decimal(50)) / Decimal(9)
    assert _progress(committee_task) == expected.quantize(Decimal("0.1"))
    with pytest.raises(ValidationError, match="社区任务"):
        actions.add_progress(admin, committee_task, date(2026, 6, 1), "直接登记", percent=Decimal(10))


def test_progress_entries_are_append_only(login, committee_task, community_a):
    admin = world.user("street")
    child = actions.split_task(admin, committee_task, [(community_a, Decimal(12), None, None)])[0]
    entry = actions.add_progress(admin, child, date(2026, 5, 1), "五月", value=Decimal(5))
    entry.note = "改过的说明"
    with pytest.raises(ValidationError, match="不能修改"):
        entry.save()
    with pytest.raises(ValidationError, match="不能删除"):
        entry.delete()
    client = login("street_admin")
    assert client.patch(f"/api/progress-entries/{entry.pk}/", {"note": "x"},
                        content_type="application/json").status_code == 405
    assert client.delete(f"/api/progress-entries/{entry.pk}/").status_code == 405
    response = client.post("/api/progress-entries/", {"task": child.pk, "date": "2026-05-02", "value": "4",
                                                      "note": "更正：五月实际完成4次"}, content_type="application/json")
    assert response.status_code == 201
    assert ProgressEntry.objects.filter(task=child).count() == 2
    assert _progress(child) == Decimal("33.3")  # the correction, as the latest entry, counts


def test_a_task_past_its_deadline_gets_one_notice_and_one_escalation(community_a, street):
    admin = world.user("street")
    deadline = timezone.localdate() - timedelta(days=3)
    task = actions.create_task(admin, community_a, year=deadline.year, title="逾期任务", category="service",
                               deadline=deadline)
    for _ in range(3):
        call_command("remind", force=True, stdout=open("/dev/null", "w"))
    notices = SupervisionNotice.objects.filter(task=task)
    assert [(n.level, n.recipient.username) for n in notices] == [(0, "secretary_a")]
    later = (timezone.localdate() + timedelta(days=10)).isoformat()
    for _ in range(2):
        call_command("remind", date=later, force=True, stdout=open("/dev/null", "w"))
    levels = sorted((n.level, n.recipient.username) for n in SupervisionNotice.objects.filter(task=task))
    assert levels == [(0, "secretary_a"), (1, "street")]
    actions.add_progress(admin, task, timezone.localdate(), "已推进", percent=Decimal(50))
    assert SupervisionNotice.objects.filter(task=task, closed_at__isnull=True).count() == 2  # still overdue
    actions.submit_reason(admin, task, "现场核查，无书面材料")
    actions.accept_reason(admin, task)
    actions.mark_task_done(admin, task)
    assert not SupervisionNotice.objects.filter(task=task, closed_at__isnull=True).exists()


def test_marking_a_task_done_needs_evidence_or_an_accepted_reason(community_a):
    from dangjian.ledgers.actions import NEEDS_EVIDENCE

    secretary = world.user("secretary_a")
    task = actions.create_task(secretary, community_a, year=2026, title="建立草根能人库", category="service",
                               deadline=date(2026, 12, 31))
    with pytest.raises(ValidationError) as exc:
        actions.mark_task_done(secretary, task)
    assert NEEDS_EVIDENCE in exc.value.messages
    actions.submit_reason(secretary, task, "现场核查完成，无书面材料")
    with pytest.raises(Exception, match="上级组织认可"):
        actions.accept_reason(secretary, task)  # not the level above
    actions.accept_reason(world.user("street"), task)
    assert actions.mark_task_done(secretary, task).done_on is not None


def test_task_import_is_all_or_nothing(login, community_a):
    from dangjian.core.io.xlsx import build_workbook
    from dangjian.ledgers.excel import TASK_COLUMNS

    headers = [c.header for c in TASK_COLUMNS]
    good = ["2026", "开展共驻共建活动", "区域化党建", "12", "次", "", "2026-12-31", community_a.name, "", "1"]
    bad = ["2026", "错误任务", "不存在的类别", "x", "次", "", "2026-13-01", "不存在的社区", "", ""]
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(rows):
        buf = BytesIO()
        build_workbook("任务", headers, rows).save(buf)
        return SimpleUploadedFile("t.xlsx", buf.getvalue())

    client = login("secretary_a")
    before = Task.objects.count()
    response = client.post("/ledgers/tasks/import/", {"file": upload([good, bad])})
    columns = {e.column for e in response.context["result"].errors}
    assert {"类别", "目标值", "完成时限", "牵头组织"} <= columns
    assert Task.objects.count() == before
    assert client.post("/ledgers/tasks/import/", {"file": upload([good])}).status_code == 302
    assert Task.objects.count() == before + 1


def test_task_import_refuses_the_same_file_twice_and_a_row_repeated_in_it(login, community_a):
    """Importing a file again (or a double click) must not create every task a second time."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.core.io.xlsx import build_workbook
    from dangjian.ledgers.excel import TASK_COLUMNS

    headers = [c.header for c in TASK_COLUMNS]
    row = ["2026", "开展共驻共建活动", "区域化党建", "12", "次", "", "2026-12-31", community_a.name, "", "1"]
    other = ["2026", "建立红色志愿服务队", "服务群众", "1", "支", "", "2026-12-31", community_a.name, "", "1"]

    def upload(rows):
        buf = BytesIO()
        build_workbook("任务", headers, rows).save(buf)
        return SimpleUploadedFile("t.xlsx", buf.getvalue())

    client = login("secretary_a")
    before = Task.objects.count()
    response = client.post("/ledgers/tasks/import/", {"file": upload([row, other, row])})
    first = response.context["result"].rows[0]["_row"]  # the sheet's row number of the first task
    assert [(e.row, e.message) for e in response.context["result"].errors] == [(first + 2, f"与第 {first} 行重复")]
    assert Task.objects.count() == before
    assert client.post("/ledgers/tasks/import/", {"file": upload([row, other])}).status_code == 302
    response = client.post("/ledgers/tasks/import/", {"file": upload([row, other])})
    errors = response.context["result"].errors
    assert [e.row for e in errors] == [first, first + 1] and all("不能重复导入" in e.message for e in errors)
    assert "不能重复导入" in response.content.decode()
    assert Task.objects.count() == before + 2
