"""银行代扣结果导入: all or nothing, with a row-by-row report in Chinese.

A row names a member by ID number or 党员编号 (with the name to check against), the month and the amount in
yuan. Failed transactions (交易状态 not 成功) are skipped and counted; every other problem — an unknown
person, one outside the importer's reach, a month already paid, an amount that is not what is owed — stops
the whole file.
"""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone

from dangjian.core import crypto
from dangjian.core.dates import month_end
from dangjian.core.io.importer import Column, RowError, parse_date
from dangjian.core.scope import nearest_grant
from dangjian.core.workflow import Refused
from dangjian.orgs.models import Organization
from dangjian.people import idcard

from ..choices import ACTIVE_STATUSES
from ..models import DuesExemption, DuesStandard, PartyMember
from ..models.dues import DUES_ROLES, DuesBatch, DuesMonth, ExemptionStatus, PayMethod, yuan
from . import actions
from .standard import parse_yuan

SUCCESS = ("成功", "交易成功", "扣款成功", "已扣款", "")


def _id(value):
    try:
        return idcard.parse(value).number
    except idcard.InvalidIdNumber as exc:
        raise ValueError(str(exc)) from exc


def _month(value):
    text = value.replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-").strip()
    parts = text.split("-")
    try:
        if len(parts) >= 2:
            year, month = int(parts[0]), int(parts[1])
        elif len(text) == 6 and text.isdigit():
            year, month = int(text[:4]), int(text[4:])
        else:
            raise ValueError
        if not 2000 <= year <= 2100:
            raise ValueError
        return date(year, month, 1)
    except ValueError:
        raise ValueError(f"“{value}”不是有效月份，请写成 2026-01") from None


def _member_no(value):
    if not value.isdigit():
        raise ValueError(f"“{value}”不是有效的党员编号")
    return int(value)


def _amount(value):
    return parse_yuan(value)


COLUMNS = [
    Column("姓名", "name", True, example="张三"),
    Column("身份证号", "id_number", False, _id, "11010519491231002X", "身份证号与党员编号至少填一项"),
    Column("党员编号", "member_no", False, _member_no, "1024", "平台中的党员编号（党员详情页可见）"),
    Column("月份", "month", True, _month, "2026-01", "所交党费的月份"),
    Column("金额(元)", "amount", True, _amount, "15.00", "以元为单位，精确到分"),
    Column("交易状态", "status", False, example="成功", help="“成功”以外的行不入账"),
    Column("交易日期", "paid_on", False, parse_date, "2026-01-15", "不填按导入当天"),
]


def validate(result, user):
    """Checks every row against the platform's records; adds RowErrors and writes nothing."""
    errors = result.errors
    hashes = {crypto.blind_index(r["id_number"]): r for r in result.rows if r.get("id_number")}
    by_hash, by_pk = {}, {}
    for m in PartyMember.objects.filter(person__id_hash__in=list(hashes)).select_related("person", "branch"):
        by_hash[m.person.id_hash] = m
    numbers = [r["member_no"] for r in result.rows if r.get("member_no")]
    for m in PartyMember.objects.filter(pk__in=numbers).select_related("person", "branch"):
        by_pk[m.pk] = m
    editable = set(PartyMember.objects.editable_by(user).filter(
        pk__in=[m.pk for m in [*by_hash.values(), *by_pk.values()]]).values_list("pk", flat=True))
    keys = {(m.pk, r["month"]) for r in result.rows for m in [by_pk.get(r.get("member_no"))] if m and r["month"]}
    keys |= {(m.pk, r["month"]) for r in result.rows if r.get("id_number") and r["month"]
             for m in [by_hash.get(crypto.blind_index(r["id_number"]))] if m}
    months, standards, exemptions = {}, defaultdict(list), defaultdict(list)
    if keys:
        ids = {k[0] for k in keys}
        for row in DuesMonth.objects.filter(member_id__in=ids, month__in={k[1] for k in keys}).select_related("branch"):
            months[(row.member_id, row.month)] = row
        for s in DuesStandard.objects.filter(member_id__in=ids):
            standards[s.member_id].append(s)
        approved = DuesExemption.objects.filter(member_id__in=ids, status=ExemptionStatus.APPROVED)
        for e in approved.order_by("start", "pk"):
            exemptions[e.member_id].append(e)
    manages = {}  # branch pk → may the user keep its dues (a month stays with the branch it was due in)
    seen = {}
    today = timezone.localdate()
    for r in result.rows:
        n = r["_row"]
        r["_skip"] = (r.get("status") or "") not in SUCCESS
        if r["_skip"]:
            continue
        if not r.get("id_number") and not r.get("member_no"):
            if not any(e.row == n for e in errors):
                errors.append(RowError(n, "身份证号", "身份证号与党员编号至少填写一项"))
            continue
        member = by_hash.get(crypto.blind_index(r["id_number"])) if r.get("id_number") else by_pk.get(r["member_no"])
        if member is None:
            errors.append(RowError(n, "身份证号" if r.get("id_number") else "党员编号", "平台中没有找到该党员"))
            continue
        if member.pk not in editable:
            errors.append(RowError(n, "身份证号" if r.get("id_number") else "党员编号",
                                   "该党员不在您的管理范围内，请由其所在支部或上级党组织导入"))
            continue
        if r.get("name") and r["name"] != member.person.name:
            errors.append(RowError(n, "姓名", f"与平台登记的姓名“{member.person.name}”不一致"))
            continue
        if r.get("paid_on") and r["paid_on"] > today:
            errors.append(RowError(n, "交易日期", "交易日期不能晚于今天"))
        month, amount = r.get("month"), r.get("amount")
        if month is None or amount is None:
            continue
        if month > actions.this_month():
            errors.append(RowError(n, "月份", "不能预交以后月份的党费"))
            continue
        if (member.pk, month) in seen:
            errors.append(RowError(n, "月份", f"与第{seen[(member.pk, month)]}行重复（同一党员同一月份）"))
            continue
        seen[(member.pk, month)] = n
        row = months.get((member.pk, month))
        r["_member"], r["_dues"] = member, row
        if row is None:
            problem = _not_generated(member, month)
            if problem:
                errors.append(RowError(n, "月份", problem))
                continue
            standard = actions.in_force(standards[member.pk], month)
            if standard is None:
                errors.append(RowError(n, "月份", f"{month:%Y年%m月}的党费尚未生成，且该党员没有党费标准"))
                continue
            # what the generation will set: the standard, or less under an approved exemption
            exemption = next((e for e in reversed(exemptions[member.pk]) if e.covers(month)), None)
            owing = actions.due_for(standard, exemption)
        elif not _manages(manages, user, row.branch):
            errors.append(RowError(n, "月份", f"{month:%Y年%m月}的党费属于{row.branch.name}，"
                                              "不在您的管理范围内，请由该支部或其上级党组织导入"))
            continue
        elif row.is_settled:
            errors.append(RowError(n, "月份", f"{month:%Y年%m月}的党费已交清，不能重复入账"))
            continue
        else:
            owing = row.owing_fen
        if amount != owing:
            errors.append(RowError(n, "金额(元)", f"金额{yuan(amount)}元与应交{yuan(owing)}元不符"))
    return result


def _manages(cache, user, branch) -> bool:
    if branch.pk not in cache:
        cache[branch.pk] = actions.may_manage(user, branch)
    return cache[branch.pk]


def _not_generated(member, month):
    """Why `generate_month` would make no row for the member's month (the reasons `members_of` applies)."""
    if member.status not in ACTIVE_STATUSES:
        return f"该党员状态为“{member.get_status_display()}”，不生成{month:%Y年%m月}的党费，不能入账"
    if member.join_date > month_end(month):
        return f"该党员{member.join_date:%Y年%m月%d日}入党，{month:%Y年%m月}无需交纳党费"
    return ""


def commit(result, user, file_name="") -> DuesBatch:
    """Writes every row or none (called only when `validate` found no error)."""
    rows = [r for r in result.rows if not r["_skip"]]
    home = _home(user, [r["_member"] for r in rows])
    with transaction.atomic():
        batch = DuesBatch.objects.create(organization=home, file_name=file_name[:200], rows=len(rows),
                                         total_fen=sum(r["amount"] for r in rows), imported_by=user)
        for r in rows:
            member, dues = r["_member"], r["_dues"]
            if dues is None:
                actions.generate_month(member.branch, r["month"], actor=user)
                dues = DuesMonth.objects.filter(member=member, month=r["month"]).first()
                if dues is None:
                    raise Refused.conflict(f"第{r['_row']}行：{r['month']:%Y年%m月}的党费无法生成，请核对后重新导入。")
            was = r["_dues"].paid_fen if r["_dues"] is not None else 0
            dues = DuesMonth.objects.select_related("branch", "member__person").get(pk=dues.pk)
            _, skipped = actions.record_payments(
                user, [(dues, was, was + r["amount"])],
                paid_on=r.get("paid_on") or timezone.localdate(), method=PayMethod.BANK, batch=batch)
            if skipped:
                raise Refused.conflict(f"第{r['_row']}行：该月党费刚被他人登记，请核对后重新导入。")
        result.created = len(rows)
    return batch


def _home(user, members) -> Organization:
    """Where the batch is kept: the importer's grant that covers the members (their own level)."""
    branch = members[0].branch if members else None
    grant = nearest_grant(user, branch, DUES_ROLES) if branch is not None else None
    if grant is not None:
        return Organization.objects.get(pk=grant.org_id)
    return branch or Organization.objects.order_by("depth", "path").first()
