"""Who differs between a roster exported from 全国党员管理信息系统 and the platform's: read-only, nothing is changed.

Members are matched by 公民身份号码 (through its keyed hash, so ours need no decrypting to match). The platform's
side is the user's own subtree (members reported to their community from a branch elsewhere belong to that
branch's roster, not theirs). Three groups: in the national file only; here only (members still in the branch's
life — a member transferred out or deceased here is not expected in their file); in both with differing fields,
each compared in the national system's vocabulary (学历 "初中及以下" agrees with our 小学及以下). A column the file
leaves empty throughout is taken as absent and not compared. Screens and the .xlsx show ID numbers and phones
masked.
"""

from dataclasses import dataclass, field

from dangjian.core import crypto
from dangjian.core.masking import mask_id_number, mask_phone
from dangjian.orgs.models import Organization

from ..choices import ACTIVE_STATUSES, Status
from ..models import PartyMember
from . import codes
from .layout import HEADER


def _date(value) -> str:
    return value.isoformat() if value else ""


def _status(value) -> str:
    return Status(value).label if value else ""


# header, key of the file's row, its display, our value from a member (same display)
FIELDS = [
    ("name", lambda v: v or "", lambda m: m.person.name),
    ("ethnicity", lambda v: v or "", lambda m: m.person.ethnicity),
    ("education", lambda v: codes.EDUCATION_OUT.get(v, ""), lambda m: codes.EDUCATION_OUT.get(m.person.education, "")),
    ("category", lambda v: codes.CATEGORY_OUT.get(v, ""), lambda m: codes.CATEGORY_OUT[m.category]),
    ("branch", lambda v: v or "", lambda m: m.branch.name),
    ("join_date", _date, lambda m: _date(m.join_date)),
    ("full_date", _date, lambda m: _date(m.full_date)),
    ("status", _status, lambda m: _status(m.status)),
    ("job_post", lambda v: v or "", lambda m: m.job_post),
    ("phone", lambda v: v or "", lambda m: m.person.phone),
    ("employer", lambda v: v or "", lambda m: m.employer),
    ("address", lambda v: v or "", lambda m: m.person.address),
]
MASKED = {"phone": mask_phone}
STATUS_COLUMNS = (HEADER["status"], HEADER["lost"], HEADER["mobile"])


@dataclass
class Difference:
    member: PartyMember
    row: int
    fields: list  # (header, theirs, ours), masked where personal


@dataclass
class Comparison:
    only_theirs: list = field(default_factory=list)  # dicts: row, name, id (masked), branch, category
    only_ours: list = field(default_factory=list)  # PartyMembers
    differing: list = field(default_factory=list)  # Differences
    unreadable: list = field(default_factory=list)  # RowErrors: cells not compared (a bad ID: the row unmatched)
    rows: int = 0
    matched: int = 0


def our_roster(user, within=None):
    """The members of the user's own subtree (or of `within`, one of its organizations), as compared."""
    members = PartyMember.objects.visible_to(user).filter(branch__in=Organization.objects.visible_to(user))
    if within is not None:
        members = members.filter(branch__path__startswith=within.path)
    return members.select_related("person", "branch")


def compare(result, user, within=None) -> Comparison:
    """`result`: the national file read with the layout's columns (importer.read)."""
    from .codes import combined_status

    report = Comparison(rows=len(result.rows))
    bad_rows = {e.row for e in result.errors if e.column == HEADER["id_number"]}
    bad_cells = {(e.row, e.column) for e in result.errors}  # not compared: the cell says nothing we can read
    report.unreadable = list(result.errors)
    present = {key for key, _, _ in FIELDS if any(r.get(key) for r in result.rows)}
    present |= {"name", "category", "branch", "join_date", "status"}  # required, or derived from the flags
    theirs, seen = {}, set()
    for row in result.rows:
        number = row.get("id_number")
        if not number or row["_row"] in bad_rows or number in seen:
            continue
        seen.add(number)
        row["status"] = combined_status(row.get("status"), bool(row.get("lost")), bool(row.get("mobile")))
        theirs[crypto.blind_index(number)] = row
    ours = {m.person.id_hash: m for m in our_roster(user, within).order_by("branch__path", "person__pinyin", "pk")}
    for digest, member in ours.items():
        row = theirs.get(digest)
        if row is None:
            if member.status in ACTIVE_STATUSES:
                report.only_ours.append(member)
            continue
        report.matched += 1
        changes = []
        for key, show_theirs, show_ours in FIELDS:
            columns = STATUS_COLUMNS if key == "status" else (HEADER[key],)
            if key not in present or any((row["_row"], c) in bad_cells for c in columns):
                continue
            a, b = show_theirs(row.get(key)), show_ours(member)
            if a != b:
                mask = MASKED.get(key)
                changes.append((HEADER[key], mask(a) if mask else a, mask(b) if mask else b))
        if changes:
            report.differing.append(Difference(member, row["_row"], changes))
    for digest, row in theirs.items():
        if digest not in ours:
            report.only_theirs.append({
                "row": row["_row"], "name": row.get("name") or "", "id": mask_id_number(row["id_number"]),
                "branch": row.get("branch") or "", "category": codes.CATEGORY_OUT.get(row.get("category"), ""),
            })
    report.differing.sort(key=lambda d: d.row)
    return report


SHEET_HEADERS = ["类别", "文件行号", "姓名", "公民身份号码", "所在党支部", "不一致的项目", "全国系统", "本平台"]


def sheet_rows(report: Comparison):
    """The report as one table (masked): a row per member missing on a side, a row per differing field."""
    for r in report.only_theirs:
        yield ["全国系统有、本平台无", r["row"], r["name"], r["id"], r["branch"], "", "", ""]
    for m in report.only_ours:
        yield ["本平台有、全国系统无", "", m.person.name, m.person.id_number_masked, m.branch.name, "", "", ""]
    for d in report.differing:
        for header, a, b in d.fields:
            yield ["信息不一致", d.row, d.member.person.name, d.member.person.id_number_masked, d.member.branch.name,
                   header, a, b]
    for e in report.unreadable:
        yield ["无法比对", e.row, "", "", "", e.column, e.message, ""]
