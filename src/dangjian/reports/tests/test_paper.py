"""Paper for inspections, read back with python-docx: the 目标责任书 with both parties' signature and date lines,
a meeting's minutes page and sign-in sheet with a signature column, a community's 台账 binder with its three
lists and photos — each built as the person may see it (another community's binder does not exist for them),
reporting its progress, and started from a button as a long job."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dangjian.core.models import Evidence
from dangjian.core.seeding import demo_photo
from dangjian.core.workflow import Refused
from dangjian.ledgers.choices import Category, Source
from dangjian.ledgers.models import Problem, ProgressEntry, ResponsibilityLetter, Task
from dangjian.members.models import OrgLifeMeeting
from dangjian.reports.paper import build_binder, build_letter, build_meeting_record
from dangjian.testing import world

pytestmark = pytest.mark.django_db


def _read(data: bytes):
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    cells = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return doc, texts, cells


def _letter(community):
    return ResponsibilityLetter.objects.filter(community=community, tasks__isnull=False).order_by("-year").first()


def test_it_prints_the_letter_with_both_parties_signature_and_date_lines():
    user = world.user("secretary_a")
    letter = _letter(world.community("a"))
    steps = []
    name, data = build_letter(user, letter.pk, progress=lambda *a: steps.append(a))
    assert name.endswith("目标责任书.docx") and str(letter.year) in name
    doc, texts, tables = _read(data)
    assert any("目标责任书" in t for t in texts)
    assert {"一、目标任务", "二、责任分工", "三、考核办法", "四、其他"} <= set(texts)
    targets = next(t for t in tables if t[0] == ["序号", "任务", "目标", "完成时限", "责任人"])
    assert {t.title for t in letter.tasks.all()} <= {row[1] for row in targets[1:]}
    signature = tables[-1]
    assert [row[0] for row in signature][0] == "甲方（盖章）：" and signature[0][1] == "乙方（盖章）："
    assert signature[1][1].endswith(world.community("a").name)
    assert "签字" in signature[2][0] and "签字" in signature[2][1]
    assert all(cell.startswith("日期：") for cell in signature[-1])
    assert steps[-1][0] == steps[-1][1]  # done = total at the end


def test_it_prints_the_minutes_page_and_a_sign_in_sheet_with_a_signature_column():
    user = world.user("branch")
    meeting = OrgLifeMeeting.objects.visible_to(user).filter(attendance__isnull=False).distinct().first()
    names = set(meeting.attendance.values_list("member__person__name", flat=True))
    _, data = build_meeting_record(user, meeting.pk)
    _, texts, tables = _read(data)
    assert any("“三会一课”会议记录" in t for t in texts) and any(t.endswith("签到表") for t in texts)
    minutes = dict(row for row in tables[0][1:])
    assert minutes["会议主题"] == meeting.topic and minutes["应到人数"] == f"{len(names)}人"
    sheet = next(t for t in tables if t[0] == ["序号", "姓名", "签名", "备注"])
    assert {row[1] for row in sheet[1:]} == names
    assert all(row[2] == "" for row in sheet[1:])  # left blank for the ink signature


def test_it_does_not_print_a_meeting_the_person_cannot_see():
    meeting = OrgLifeMeeting.objects.filter(organization__path__startswith=world.community("b").path).first()
    with pytest.raises(Refused) as refused:
        build_meeting_record(world.user("secretary_a"), meeting.pk)
    assert refused.value.status == 404


def _task_with_photo(community, user):
    task = Task.objects.filter(organization__path__startswith=community.path, year=timezone.localdate().year,
                               children__isnull=True).order_by("pk").first()
    entry = ProgressEntry.objects.create(task=task, date=timezone.localdate(), percent=Decimal(60),
                                         note="完成入户走访一半")
    upload = demo_photo("走访照片.png")
    photo = SimpleUploadedFile(upload.name, upload.read() + b"visit", content_type="image/png")  # its own bytes
    entry.evidence.add(Evidence.store(photo, community, user))
    return task


def test_it_makes_the_community_binder_with_its_lists_progress_and_photos():
    community, user = world.community("a"), world.user("secretary_a")
    task = _task_with_photo(community, user)
    Problem.objects.create(organization=community, title="楼道堆物清理不及时", category=Category.SERVICE,
                           source=Source.VISIT, found_on=timezone.localdate())
    steps = []
    year = timezone.localdate().year
    name, data = build_binder(user, community.pk, year, progress=lambda *a: steps.append(a))
    assert name == f"{community.name}{year}年三张清单台账.docx"
    doc, texts, tables = _read(data)
    assert any("三张清单”台账" in t for t in texts) and "目  录" in texts
    assert {"一、问题清单", "二、任务清单", "三、责任清单", "四、佐证照片"} <= set(texts)
    headers = [t[0] for t in tables]
    problems = next(t for t in tables if t[0] == ["序号", "问题", "发现日期", "责任人", "整改时限", "状态", "整改结果"])
    assert "楼道堆物清理不及时" in {row[1] for row in problems[1:]}
    assert ["序号", "任务", "牵头组织", "完成时限", "进度", "状态"] in headers
    assert ["岗位", "责任人", "组织", "职责", "承担的任务"] in headers
    progress_rows = [row for t in tables if t[0] == ["日期", "进度", "进展说明"] for row in t[1:]]
    assert ["完成入户走访一半"] == [row[2] for row in progress_rows if row[2] == "完成入户走访一半"]
    assert len(doc.inline_shapes) >= 1
    assert any(t.startswith("图") and f"任务“{task.title}”" in t and "进展" in t for t in texts)
    assert [s[0] for s in steps] == sorted(s[0] for s in steps) and steps[-1][0] == steps[-1][1]
    assert any("佐证照片" in s[2] for s in steps)


def test_it_refuses_another_communitys_binder():
    with pytest.raises(Refused) as refused:
        build_binder(world.user("secretary_b"), world.community("a").pk, timezone.localdate().year)
    assert refused.value.status == 404


def test_it_makes_the_binder_as_pdf_when_libreoffice_is_installed():
    from dangjian.core.io.pdf import libreoffice_path

    if libreoffice_path() is None:
        pytest.skip("LibreOffice is not installed")
    name, data = build_binder(world.user("secretary_a"), world.community("a").pk,
                              timezone.localdate().year - 1, fmt="pdf")
    assert name.endswith(".pdf") and data.startswith(b"%PDF-")


def test_it_starts_the_binder_as_a_job_from_a_button_and_serves_the_file(login):
    from dangjian.core.longjob_model import LongJob

    community = world.community("a")
    client = login("secretary_a")
    response = client.post(reverse("reports:paper_binder", kwargs={"pk": community.pk}),
                           {"year": timezone.localdate().year})
    assert response.status_code == 302
    job = LongJob.objects.latest("id")
    assert job.status == "done" and job.kind == "paper.binder"
    assert job.label == f"三张清单台账汇编：{community.name} {timezone.localdate().year}年（Word）"  # which binder
    assert response["Location"] == job.get_absolute_url()
    download = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert any(p.text == "一、问题清单" for p in doc.paragraphs)
    before = LongJob.objects.count()
    assert login("secretary_b").post(reverse("reports:paper_binder", kwargs={"pk": community.pk})).status_code == 404
    assert LongJob.objects.count() == before


def test_it_starts_the_letter_and_the_meeting_record_as_jobs(login):
    from dangjian.core.longjob_model import LongJob

    client = login("secretary_a")
    letter = _letter(world.community("a"))
    client.post(reverse("reports:paper_letter", kwargs={"pk": letter.pk}), {"fmt": "docx"})
    assert LongJob.objects.latest("id").kind == "paper.letter"
    meeting = OrgLifeMeeting.objects.visible_to(world.user("secretary_a")).first()
    client.post(reverse("reports:paper_meeting", kwargs={"pk": meeting.pk}))
    job = LongJob.objects.latest("id")
    assert (job.kind, job.status) == ("paper.meeting", "done")
    assert meeting.topic in job.label and f"{meeting.date:%Y-%m-%d}" in job.label  # which meeting, in the to-do list
    assert login("member").post(reverse("reports:paper_meeting", kwargs={"pk": meeting.pk})).status_code == 404



def test_it_shows_the_print_buttons_on_the_letter_meeting_and_ledger_pages(login):
    community = world.community("a")
    client = login("secretary_a")
    letter = _letter(community)
    page = client.get(letter.get_absolute_url()).content.decode()
    assert reverse("reports:paper_letter", kwargs={"pk": letter.pk}) in page
    meeting = OrgLifeMeeting.objects.visible_to(world.user("secretary_a")).first()
    assert reverse("reports:paper_meeting", kwargs={"pk": meeting.pk}) in client.get(
        meeting.get_absolute_url()).content.decode()
    ledger = client.get(reverse("ledgers:ledger") + f"?within={community.pk}").content.decode()
    assert reverse("reports:paper_binder", kwargs={"pk": community.pk}) in ledger


def test_it_leaves_photos_past_the_binders_size_cap_out_and_says_how_many(monkeypatch):
    from dangjian.reports.paper import binder

    community, user = world.community("a"), world.user("secretary_a")
    _task_with_photo(community, user)
    year = timezone.localdate().year
    doc, texts, _ = _read(build_binder(user, community.pk, year)[1])
    placed = len(doc.inline_shapes)
    assert placed >= 1 and not any("因汇编文件大小所限" in t for t in texts)
    monkeypatch.setattr(binder, "PHOTO_BYTES", 0)  # not even one photo fits
    doc, texts, tables = _read(build_binder(user, community.pk, year)[1])
    assert len(doc.inline_shapes) == 0
    assert any(t.startswith(f"另有{placed}张照片因汇编文件大小所限") for t in texts)
    listed = next(t for t in tables if t[0] == ["文件", "所证明的记录"])
    assert "走访照片.png" in {row[0] for row in listed[1:]}
    assert any(t.startswith("四、佐证照片") for t in texts) and "0张照片" in " ".join(texts)
