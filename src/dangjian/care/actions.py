"""Writes and reads that matter for the archive: opening a file is logged like revealing an ID; closing and
anonymising a file are transitions with their history; visit photos are stored inside the visit's step."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.core.forms import store_evidence
from dangjian.core.reach import STAFF_ROLES
from dangjian.core.roles import READ_ONLY_ROLES
from dangjian.core.scope import has_role
from dangjian.core.trail import amending
from dangjian.core.workflow import Refused, record, transition

from .models import HelpGroup, HelpVisit, ResidentFile

ANONYMOUS = "（已匿名）"
# What names or describes the person, in the file and in the rows that hang off it.
PERSONAL = {
    ResidentFile: ("person", "guardian", "situation", "difficulties"),
    HelpVisit: ("visitors", "what_done", "photos"),
    HelpGroup: ("members", "note"),
}


def log_open(user, file) -> None:
    LogEntry.objects.log_create(
        file,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=user,
        changes={"file": ["民情档案", "查看"]},
        additional_data={"view": "file"},
    )


def log_list(user, query: str, rows: int, via: str = "page") -> None:
    from dangjian.core.models import ListAccess

    ListAccess.objects.create(user=user, what="民情档案列表", query=query[:500], rows=rows, via=via)


def _manages(user, file) -> bool:
    """Whether the user may change the file (its writing reach); kept on the object for the page's buttons."""
    cached = getattr(file, "_managed_by", None)
    if cached is None or cached[0] != user.pk:
        file._managed_by = (user.pk, ResidentFile.objects.editable_by(user).filter(pk=file.pk).exists())
    return file._managed_by[1]


def _in_help_group(user, file) -> bool:
    return user.is_authenticated and file.help_groups.filter(members__user=user).exists()


def _form_refusal(form) -> Refused:
    return Refused({f if f in form.fields else "__all__": e for f, e in form.errors.items()})


def may_record_visit(user, file) -> bool:
    """The file's grid and community staff, and the members of its help group, record their visits."""
    return file.status == "active" and (_manages(user, file) or _in_help_group(user, file))


def may_add_group(user, file) -> bool:
    return file.status == "active" and _manages(user, file)


def may_close(user, file) -> bool:
    return file.status == "active" and _manages(user, file)


def may_export(user) -> bool:
    """An export is a logged act of staff who work with the archive; read-only roles only read."""
    return has_role(user, *(STAFF_ROLES - READ_ONLY_ROLES))


EXPORT_HEADERS = ("姓名", "身份证号", "手机号码", "社区/网格", "人群类别", "帮扶等级", "困难类型", "状态")


def export_count(user) -> int:
    """How many files an export would hold (more than 2,000: it runs as a long job)."""
    return ResidentFile.objects.editable_by(user).count()


def export_rows(user, reason: str) -> list[tuple]:
    """The files the user manages, numbers masked, as rows; the export is logged with its stated use."""
    from dangjian.core.models import ExportLog

    if not may_export(user):
        raise Refused.forbidden("您的角色只能查阅，不能导出民情档案。")
    # The files the user keeps as staff: being in one person's help group opens that file, not an export of it.
    files = ResidentFile.objects.editable_by(user).select_related("person", "organization", "level")
    rows = [
        (
            f.person.name if f.person else ANONYMOUS,
            f.person.id_number_masked if f.person else "",
            f.person.phone_masked if f.person else "",
            f.organization.name,
            f.category_labels,
            f.level.label,
            f.difficulties,
            f.get_status_display(),
        )
        for f in files
    ]
    ExportLog.objects.create(user=user, what="民情档案", reason=reason, rows=len(rows))
    return rows


@transaction.atomic
def record_visit(user, file, form) -> HelpVisit:
    """A help visit from its form (HelpVisitForm); the photos are stored here, inside the step."""
    if not may_record_visit(user, file):
        raise Refused.forbidden("您不能为该档案登记帮扶走访。")
    if not form.is_valid():
        raise _form_refusal(form)
    visit = form.save(commit=False)
    visit.file, visit.created_by = file, user
    try:
        visit.full_clean()
    except ValidationError as exc:
        raise Refused(exc.message_dict) from None
    visit.save()
    photos = form.cleaned_data.get("photo_files") or []
    if photos:
        visit.photos.add(*store_evidence(photos, file.organization, user))
    # The file's own history says who visited when (what was done stays in the visit, which anonymising scrubs).
    record(file, actor=user, changes={}, step=f"登记了{visit.visited_on.month}月{visit.visited_on.day}日的帮扶走访"
           + (f"（{len(photos)} 张照片）" if photos else ""))
    return visit


@transaction.atomic
def add_group(user, file, form) -> HelpGroup:
    """A help group from its form (HelpGroupForm)."""
    if not may_add_group(user, file):
        raise Refused.forbidden("您不能调整该档案的帮扶小组。")
    if not form.is_valid():
        raise _form_refusal(form)
    group = form.save(commit=False)
    group.file = file
    group.save()
    form.save_m2m()
    return group


def close_file(user, file, reason: str) -> ResidentFile:
    if not _manages(user, file):
        raise Refused.forbidden("您不能为该档案销档。")
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"closed_reason": "销档须填写原因。"})
    return transition(file, when={"status": "active"},
                      to={"status": "closed", "closed_reason": reason[:200], "closed_on": timezone.localdate()},
                      actor=user, step="销档", reason=reason, refusal="该档案当前为“{state}”，不能销档。")


@transaction.atomic
def anonymise(file, actor=None, reason: str = "") -> ResidentFile:
    """After the retention period a closed file keeps its counts but loses everything that names a person.

    Its history stays — who opened, changed, closed and anonymised it, and when — but the values in it
    that named or described the person are replaced too: an archive that kept them in its history
    would not be anonymous.
    """
    if file.status != "closed":
        raise Refused("只有已销档的档案可以匿名化。")
    visits = list(file.visits.all())
    for visit in visits:
        visit.photos.clear()
    file.visits.update(visitors=ANONYMOUS, what_done=ANONYMOUS)
    groups = list(file.help_groups.values_list("pk", flat=True))
    file.help_groups.all().delete()
    file = transition(file, when={"status": "closed", "anonymised_at__isnull": True},
                      to={"person": None, "guardian": None, "situation": ANONYMOUS, "difficulties": "",
                          "anonymised_at": timezone.now()},
                      actor=actor, step="匿名化", reason=reason, refusal="该档案已匿名化。")
    _scrub_history(ResidentFile, [file.pk], repr_=str(file))
    _scrub_history(HelpVisit, [v.pk for v in visits], repr_=ANONYMOUS)
    _scrub_history(HelpGroup, groups, repr_=ANONYMOUS)
    return file


def _scrub_history(model, pks, repr_: str) -> None:
    if not pks:
        return
    fields = PERSONAL[model]
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
    with amending("民情档案到期匿名化"):
        _scrub_entries(entries, fields, repr_)


def _scrub_entries(entries, fields, repr_) -> None:
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in fields:
            if isinstance(changes.get(name), list):
                changes[name] = [ANONYMOUS if v not in (None, "", "None") else v for v in changes[name]]
        entry.changes = changes
        entry.serialized_data = None
        entry.object_repr = repr_
        entry.save(update_fields=["changes", "serialized_data", "object_repr"])
