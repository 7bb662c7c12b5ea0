"""Importing a roster exported from 全国党员管理信息系统: the platform's own roster import (members/io.py) with the
national layout's codes in front of it, so both imports link people, match branches, refuse members held
elsewhere (with the 组织关系转接 answer) and write all-or-nothing in exactly one way.

What the national file does not carry stays as the platform keeps it: 困难党员, 在职党员 and 报到社区 of a member
already here, the date of an unchanged status, and our finer 学历 where their coarser label still agrees.
"""

from dangjian.core.io.importer import RowError

from .. import io
from ..choices import Status
from . import codes
from .layout import COLUMNS, HEADER

WHAT = "全国党员信息导入检查"
NEEDS_DATE = "状态不是“正常”时必填"


def validate(result, user):
    """Every check of the roster import plus the national layout's own; adds RowErrors, writes nothing."""
    for row in result.rows:
        row["status"] = codes.combined_status(row.get("status"), bool(row.get("lost")), bool(row.get("mobile")))
    io.validate(result, user, columns=COLUMNS, what=WHAT)
    kept_dates = set()
    for row in result.rows:
        person, member = row.get("_person"), row.get("_member")
        born = row.get("birth_date")
        if born and row.get("_birth") and born != row["_birth"]:
            result.errors.append(RowError(row["_row"], HEADER["birth_date"],
                                          f"与公民身份号码不一致（公民身份号码为 {row['_birth']:%Y-%m-%d}）"))
        if person is not None and row.get("education") and codes.same_education(person.education, row["education"]):
            row["education"] = person.education
        if member is not None and member.status == row["status"] and not row.get("status_date"):
            row["status_date"] = member.status_date
            if member.status_date or member.status == Status.NORMAL:
                kept_dates.add(row["_row"])
    result.errors[:] = [e for e in result.errors
                        if not (e.row in kept_dates and e.column == HEADER["status_date"] and e.message == NEEDS_DATE)]
    result.errors.sort(key=lambda e: (e.row, io_order(e.column)))
    return result


def io_order(column: str) -> int:
    return COLUMNS.index(next(c for c in COLUMNS if c.header == column)) if column in HEADER.values() else 99


def _member_values(row):
    values = io._member_values(row)
    member = row.get("_member")
    values["job_post"] = row.get("job_post") or ""
    if member is not None:  # not in the national layout: as the platform keeps them
        values.update(is_hardship=member.is_hardship, in_service=member.in_service,
                      registered_community_id=member.registered_community_id)
    return values


def commit(result, user):
    return io.commit(result, user, member_values=_member_values)


def summary(result) -> str:
    return f"新增 {result.created} 人，更新 {result.updated} 人，未变化 {result.unchanged} 人。"
