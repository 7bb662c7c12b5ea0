"""Writes and reads that matter for the archive: opening a file is logged like revealing an ID."""

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import ResidentFile


def log_open(user, file) -> None:
    LogEntry.objects.log_create(
        file,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=user,
        changes={"file": ["民情档案", "查看"]},
        additional_data={"view": "file"},
    )


@transaction.atomic
def close_file(user, file, reason: str) -> ResidentFile:
    if not reason.strip():
        raise ValidationError({"closed_reason": "销档须填写原因。"})
    ResidentFile.objects.filter(pk=file.pk).update(
        status="closed", closed_reason=reason[:200], closed_on=timezone.localdate()
    )
    file.refresh_from_db()
    return file


@transaction.atomic
def anonymise(file) -> ResidentFile:
    """After the retention period a closed file keeps its counts but loses everything that names a person."""
    if file.status != "closed":
        raise ValidationError("只有已销档的档案可以匿名化。")
    file.visits.update(visitors="（已匿名）", what_done="（已匿名）")
    file.help_groups.all().delete()
    ResidentFile.objects.filter(pk=file.pk).update(
        person=None, guardian=None, situation="（已匿名）", difficulties="", anonymised_at=timezone.now()
    )
    file.refresh_from_db()
    return file
