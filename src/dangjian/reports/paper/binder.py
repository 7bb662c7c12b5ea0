"""A community's 台账 binder for an inspection: cover, contents, the three lists with their progress, the photos.

What an inspector leafs through on paper, made from the records the community keeps on the platform: the problem
list with each problem's rectification, the task list with every progress entry, the responsibility list, and the
evidence photos uploaded with them (each captioned with the record it proves). The year's rows of the community and
everything below it, as the user may see them — another community's binder does not exist for its secretary.
"""

from collections import defaultdict

from django.utils import timezone

from dangjian.core.io.officialdoc import OfficialDocument, chinese_date

from .common import Steps, check_format, finish, photo, short_date, visible_or_absent

SECTIONS = ("一、问题清单", "二、任务清单", "三、责任清单", "四、佐证照片")
PHOTO_CAP = 200  # the photos of a year beyond this are listed by name (a binder is carried, not shipped)
# Photos are embedded as uploaded (up to 20 MB each): past this many bytes in all, the rest are listed by name, so
# the document — held in the worker's memory, then converted to PDF — stays a size a worker and a printer handle.
PHOTO_BYTES = 40 * 1024 * 1024


def _percent(task) -> str:
    if task.done_on:
        return "100%"
    return f"{task.latest_percent.normalize():f}%" if task.latest_percent is not None else "0%"


def _task_state(task, today) -> str:
    if task.done_on:
        return f"已完成（{short_date(task.done_on)}）"
    return "逾期未完成" if task.deadline < today else "推进中"


def _evidence_of(through, owner_field: str, owners: dict, label) -> list:
    """[(evidence id, caption)] of the evidence linked to `owners` ({pk: row}) through an M2M table."""
    links = through.objects.filter(**{f"{owner_field}__in": list(owners)}).order_by(owner_field, "evidence_id")
    return [(e, label(owners[o])) for o, e in links.values_list(owner_field, "evidence_id")]


def _size(evidence) -> int:
    """The photo's bytes as recorded at upload (rows from before sizes were kept: asked of the storage)."""
    if evidence.size:
        return evidence.size
    try:
        return evidence.file.size
    except (OSError, ValueError):
        return 0  # unreadable: photo() lists it by name


def _within_cap(images: list) -> list:
    """The photos placed in the binder, in order, while they stay within PHOTO_CAP photos and PHOTO_BYTES bytes
    (a large photo that does not fit leaves room for smaller ones after it)."""
    placed, total = [], 0
    for e, caption in images:
        if len(placed) >= PHOTO_CAP:
            break
        size = _size(e)
        if total + size <= PHOTO_BYTES:
            placed.append((e, caption))
            total += size
    return placed


def build_binder(user, community_pk, year: int, fmt: str = "docx", progress=None) -> tuple[str, bytes]:
    """The binder of community `community_pk` for `year` (a refusal, answered 404, for one the user cannot see)."""
    from dangjian.core.models import Evidence
    from dangjian.ledgers.ledger import problems_in, tasks_in
    from dangjian.ledgers.models import Problem, ProgressEntry, ResponsibilityPost, Task
    from dangjian.ledgers.progress import with_latest_percent
    from dangjian.orgs.choices import OrgKind
    from dangjian.orgs.models import Organization

    check_format(fmt)
    steps = Steps(progress, 8)
    community = visible_or_absent(Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE), user,
                                  community_pk, "社区")
    today = timezone.localdate()
    problems = list(problems_in(user, community, year).select_related("organization", "responsible_person")
                    .order_by("found_on", "pk"))
    tasks = list(with_latest_percent(tasks_in(user, community, year)).select_related("organization",
                                                                                    "responsible_person")
                 .order_by("deadline", "pk"))
    entries = defaultdict(list)
    entry_rows = {}
    for e in ProgressEntry.objects.visible_to(user).filter(task__in=[t.pk for t in tasks]).order_by("date", "pk"):
        entries[e.task_id].append(e)
        entry_rows[e.pk] = e
    posts = list(ResponsibilityPost.objects.visible_to(user).filter(organization__path__startswith=community.path,
                                                                    start__year__lte=year)
                 .exclude(end__year__lt=year).select_related("holder", "organization").prefetch_related("tasks")
                 .order_by("organization__path", "post", "pk"))
    steps.step("读取三张清单")
    task_by_pk = {t.pk: t for t in tasks}
    found = (_evidence_of(Problem.evidence.through, "problem_id", {p.pk: p for p in problems},
                          lambda p: f"问题“{p.title}”的整改佐证")
             + _evidence_of(Task.evidence.through, "task_id", task_by_pk, lambda t: f"任务“{t.title}”的完成佐证")
             + _evidence_of(ProgressEntry.evidence.through, "progressentry_id", entry_rows,
                            lambda e: f"任务“{task_by_pk[e.task_id].title}”{chinese_date(e.date)}进展"))
    files = Evidence.objects.visible_to(user).in_bulk({pk for pk, _ in found})
    seen, evidence = set(), []
    for pk, caption in found:
        if pk in files and pk not in seen:
            seen.add(pk)
            evidence.append((files[pk], caption))
    images = [(e, c) for e, c in evidence if e.is_image]
    placed = _within_cap(images)
    steps.grow(len(placed))
    steps.step("读取佐证材料")

    doc = OfficialDocument()
    _cover(doc, community, year, today)
    steps.step("封面")
    doc.title("目  录")
    counts = (f"{len(problems)}个问题", f"{len(tasks)}项任务、{sum(len(v) for v in entries.values())}条进展",
              f"{len(posts)}个岗位", f"{len(placed)}张照片")
    for section, count in zip(SECTIONS, counts, strict=True):
        doc.paragraph(f"{section}（{count}）", indent=False)
    doc.page_break()
    steps.step("目录")

    doc.heading1(SECTIONS[0])
    if problems:
        doc.table(["序号", "问题", "发现日期", "责任人", "整改时限", "状态", "整改结果"],
                  [[i, p.title, short_date(p.found_on), p.responsible_person.name if p.responsible_person else "",
                    short_date(p.deadline), p.get_status_display(), p.resolution or p.measures]
                   for i, p in enumerate(problems, start=1)],
                  widths_mm=(9, 40, 24, 14, 24, 17, 28))
    else:
        doc.paragraph(f"{year}年未登记问题。")
    steps.step("问题清单")

    doc.heading1(SECTIONS[1])
    if tasks:
        doc.table(["序号", "任务", "牵头组织", "完成时限", "进度", "状态"],
                  [[i, t.title, t.organization.name, short_date(t.deadline), _percent(t), _task_state(t, today)]
                   for i, t in enumerate(tasks, start=1)], widths_mm=(9, 50, 28, 24, 16, 29))
        for i, t in enumerate(tasks, start=1):
            if entries.get(t.pk):
                doc.heading3(f"{i}．{t.title}：进展记录")
                doc.table(["日期", "进度", "进展说明"],
                          [[short_date(e.date), f"{e.percent.normalize():f}%", e.note] for e in entries[t.pk]],
                          widths_mm=(30, 16, 110))
    else:
        doc.paragraph(f"{year}年未下达任务。")
    steps.step("任务清单")

    doc.heading1(SECTIONS[2])
    if posts:
        doc.table(["岗位", "责任人", "组织", "职责", "承担的任务"],
                  [[p.get_post_display(), p.holder.name, p.organization.name, p.duties,
                    "、".join(t.title for t in p.tasks.all() if t.year == year)] for p in posts],
                  widths_mm=(24, 16, 30, 50, 36))
    else:
        doc.paragraph("未登记责任岗位。")
    steps.step("责任清单")

    doc.heading1(SECTIONS[3])
    shown, unplaced = 0, []
    for i, (e, caption) in enumerate(placed, start=1):
        if photo(doc, e, f"图{shown + 1}　{caption}"):
            shown += 1
        else:
            unplaced.append((e, caption))
        steps.step(f"佐证照片 {i}/{len(placed)}")
    in_binder = {e.pk for e, _ in placed}
    left_out = [(e, c) for e, c in images if e.pk not in in_binder]
    others = [(e, c) for e, c in evidence if not e.is_image] + unplaced + left_out
    if not shown and not others:
        doc.paragraph("未上传佐证材料。")
    if left_out:
        doc.paragraph(f"另有{len(left_out)}张照片因汇编文件大小所限（照片合计不超过{PHOTO_BYTES // 1024 // 1024}MB、"
                      f"{PHOTO_CAP}张）未放入本册，列于下表，可在平台查看原件。", indent=False)
    if others:
        doc.paragraph("其他佐证材料（可在平台查看原件）：", indent=False)
        doc.table(["文件", "所证明的记录"], [[e.name, c] for e, c in others], widths_mm=(60, 96))
    return finish(doc, f"{community.name}{year}年三张清单台账", fmt, steps)


def _cover(doc, community, year, today):
    for _ in range(4):
        doc.blank_line()
    doc.title(f"{community.name}\n基层党建“三张清单”台账\n（{year}年度）")
    for _ in range(8):
        doc.blank_line()
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for line in (f"编制单位：{community.name}", f"编制日期：{chinese_date(today)}"):
        p = doc.paragraph(line, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.page_break()
