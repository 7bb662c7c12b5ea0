"""Writes of the reports app: the annual report's own words (its figures are never stored), and a street's
署名 and letterhead.

`may_edit_report` / `may_edit_letterhead` decide both whether a page offers its form and whether a save is accepted.
"""

import hashlib

from django.db import IntegrityError, transaction

from dangjian.core.scope import holds
from dangjian.core.workflow import Refused, credit
from dangjian.orgs.choices import OrgKind

from .models import AnnualReport, Letterhead


def may_edit_report(user, org) -> bool:
    """The organization's own staff (its secretary, the committee above it); readers only read."""
    return holds(user, org, AnnualReport.edit_roles)


def save_report(user, form) -> AnnualReport:
    """Save the title, recipient, date and narratives of a validated `AnnualReportForm`."""
    report = form.save(commit=False)
    if not may_edit_report(user, report.organization):
        raise Refused.forbidden("您可以查看和下载本报告；修改补充段落须由该组织的工作人员进行。")
    report.updated_by = user
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # someone else saved this year's report first
        raise Refused.conflict("报告刚被他人保存，请刷新页面后再修改。") from None
    return report


# -- a street's 署名 and letterhead (models.Letterhead) ----------------------------------------------------------

LETTERHEAD_STAFF_ONLY = "只有本街道党工委的工作人员能设置公文署名与版头。"


def may_edit_letterhead(user, street) -> bool:
    """A street's 署名 and letterhead are its committee's own: its staff set them, the district only reads."""
    return street is not None and street.kind == OrgKind.STREET_COMMITTEE and holds(user, street, Letterhead.edit_roles)


def set_letterhead(user, street, signature: str, upload=None, remove_template: bool = False):
    """Save the street's 署名 and, with `upload`, its new template (checked whole before anything is saved);
    `remove_template` returns its documents to the standard layout. Refused: nothing changes."""
    from dangjian.core.io.letterhead import MAX_TEMPLATE_MB, TemplateRefused, check_template
    from dangjian.core.io.officialdoc import xml_text

    if not may_edit_letterhead(user, street):
        raise Refused.forbidden(LETTERHEAD_STAFF_ONLY)
    signature = " ".join(xml_text(signature or "").split())
    errors = {}
    if len(signature) > Letterhead._meta.get_field("signature").max_length:
        errors["signature"] = "署名最多 26 个字，须在一行内写完。"
    data = None
    if upload is not None:
        if not upload.name.lower().endswith(".docx"):
            errors["template"] = "请上传 Word 文档（.docx）作为模板。"
        elif upload.size > MAX_TEMPLATE_MB * 1024 * 1024:
            errors["template"] = f"模板文件超过 {MAX_TEMPLATE_MB}MB，请删去其中的大图片后再上传。"
        else:
            data = b"".join(upload.chunks())
            try:
                check_template(data)
            except TemplateRefused as exc:
                errors["template"] = str(exc)
    if errors:
        raise Refused(errors)
    try:
        with transaction.atomic():
            letterhead = Letterhead.objects.select_for_update().filter(street=street).first()
            created = letterhead is None
            letterhead = letterhead or Letterhead(street=street)
            before = (letterhead.signature, letterhead.template_sha256)
            letterhead.signature = signature
            if data is not None:
                letterhead.template, letterhead.template_size = data, len(data)
                letterhead.template_name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
                letterhead.template_sha256 = hashlib.sha256(data).hexdigest()
            elif remove_template:
                letterhead.template, letterhead.template_name, letterhead.template_sha256 = None, "", ""
                letterhead.template_size = 0
            if (letterhead.signature, letterhead.template_sha256) == before:
                return None if created else letterhead  # an unchanged form: no row, no history entry
            letterhead.updated_by = user
            letterhead.save()
    except IntegrityError:  # another of the street's staff saved its first settings at the same moment
        raise Refused.conflict("公文署名与版头刚被他人保存，请刷新页面后再修改。") from None
    if created:
        credit(letterhead, user)
    return letterhead
