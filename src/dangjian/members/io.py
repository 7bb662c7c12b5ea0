"""Roster Excel in and out: one column layout for the template, the exports and the import."""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from dangjian.core import crypto
from dangjian.core.io.importer import Column, RowError, choice_parser, parse_bool, parse_date
from dangjian.core.trail import Kind, append, seal_many
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.people import idcard
from dangjian.people.choices import ETHNICITIES, Education, Gender
from dangjian.people.models import PHONE_RE, Person, normalize_phone

from .actions import BRANCH_KINDS
from .choices import Category, Status
from .models import PartyMember
from .models.roster import years_between


def _id(value):
    try:
        return idcard.parse(value).number
    except idcard.InvalidIdNumber as exc:
        raise ValueError(str(exc)) from exc


def _phone(value):
    phone = normalize_phone(value)
    if not PHONE_RE.match(phone):
        raise ValueError("应为11位手机号码或带区号的固定电话")
    return phone


def _ethnicity(value):
    if value not in ETHNICITIES:
        raise ValueError(f"“{value}”不是规范的民族名称（如“汉族”）")
    return value


COLUMNS = [
    Column("姓名", "name", True, example="张三"),
    Column("身份证号", "id_number", True, _id, "11010519491231002X", "18位，15位旧号码会自动升级"),
    Column("手机号码", "phone", False, _phone, "13912345678"),
    Column("性别", "gender", False, choice_parser(Gender.choices), "女", "可不填，按身份证号识别"),
    Column("民族", "ethnicity", False, _ethnicity, "汉族"),
    Column("学历", "education", False, choice_parser(Education.choices), "大学本科",
           "、".join(label for _, label in Education.choices)),
    Column("居住地址", "address", False, example="东风社区幸福路12号"),
    Column("所在支部", "branch", True, example="东风社区第一党支部", help="须与平台中的支部名称一致"),
    Column("党员类别", "category", True, choice_parser(Category.choices), "正式党员", "正式党员或预备党员"),
    Column("入党日期", "join_date", True, parse_date, "1975-07-01", "即政治生日，格式 2020-07-01"),
    Column("转正日期", "full_date", False, parse_date, "1976-07-01", "预备党员不填"),
    Column("状态", "status", False, choice_parser(Status.choices), "正常",
           "、".join(label for _, label in Status.choices) + "；不填为正常"),
    Column("状态变更日期", "status_date", False, parse_date, "", "状态不是“正常”时必填"),
    Column("困难党员", "is_hardship", False, parse_bool, "否", "是/否"),
    Column("在职党员", "in_service", False, parse_bool, "否", "是/否"),
    Column("工作单位", "employer", False, example="市财政局"),
    Column("报到社区", "registered_community", False, example="东风社区党委",
           help="在职党员报到的社区党委名称；尚未报到的留空"),
]
HEADERS = [c.header for c in COLUMNS]
# A member on file elsewhere moves here by a 组织关系转接 started by their branch (members/transfers), never by an
# import; the national roster's import (members/national) gives the same answers.
OUTSIDE_SCOPE = ("该身份证号已登记在平台的其他组织（不在您的管理范围内）。如是党员，须由其所在党支部发起组织关系转接，"
                 "转入后再导入")
OUTSIDE_MEMBER = "该党员已登记在平台的其他组织（{branch}），须由其所在党支部发起组织关系转接，转入后再导入"


@dataclass
class TransferNeeded(RowError):
    """A row whose member is registered in another organization: `link` starts the transfer when the user may
    see that member (empty otherwise, or while the transfers part has no such page)."""

    link: str = ""


def transfer_link(member_pk) -> str:
    try:
        return reverse("transfers:transfer_add") + f"?member={member_pk}"
    except NoReverseMatch:
        return ""


PERSON_FIELDS = ["name", "gender", "ethnicity", "education", "address", "phone"]
MEMBER_FIELDS = ["branch_id", "category", "join_date", "full_date", "status", "status_date", "is_hardship",
                 "in_service", "employer", "registered_community_id"]


def export_rows(members, full: bool):
    for m in members:
        p = m.person
        yield [
            p.name, p.id_number if full else p.id_number_masked, p.phone if full else p.phone_masked,
            p.get_gender_display(), p.ethnicity, p.get_education_display(), p.address, m.branch.name,
            m.get_category_display(), m.join_date, m.full_date, m.get_status_display(), m.status_date,
            "是" if m.is_hardship else "否", "是" if m.in_service else "否", m.employer,
            m.registered_community.name if m.registered_community_id else "",
        ]


def validate(result, user, columns=None, what: str = "党员名册导入检查"):
    """Cross-field and database checks on parsed rows; adds RowErrors, writes nothing.

    `columns` name the errors' columns (another layout of the same rows, e.g. the national roster's)."""
    columns = COLUMNS if columns is None else columns
    header = {c.key: c.header for c in COLUMNS} | {c.key: c.header for c in columns}
    order = [c.header for c in columns]
    branches = {}
    for org in Organization.objects.placeable_for(user, PartyMember).filter(kind__in=BRANCH_KINDS):
        branches.setdefault(org.name, []).append(org)
    communities = {o.name: o for o in Organization.objects.visible_to(user).filter(kind=OrgKind.COMMUNITY_COMMITTEE)}
    hashes = {}
    for row in result.rows:
        if row.get("id_number"):
            hashes[crypto.blind_index(row["id_number"])] = row
    persons, elsewhere = {}, set()
    keys = list(hashes)
    visible = set(Person.objects.visible_to(user).filter(id_hash__in=keys).values_list("id_hash", flat=True))
    for i in range(0, len(keys), 2000):
        for p in Person.objects.filter(id_hash__in=keys[i: i + 2000]).select_related("party_member__branch"):
            if p.id_hash in visible:
                persons[p.id_hash] = p
            else:
                elsewhere.add(p.id_hash)
    editable_branch_ids = {o.pk for group in branches.values() for o in group}
    held_elsewhere = set(elsewhere) | {
        digest for digest, p in persons.items()
        if getattr(p, "party_member", None) is not None and p.party_member.branch_id not in editable_branch_ids}
    seen_members = _members_in_sight(user, held_elsewhere)
    seen, outside = {}, []
    errors = result.errors
    for row in result.rows:
        n = row["_row"]
        number = row.get("id_number")
        if number:
            if number in seen:
                errors.append(RowError(n, header["id_number"], f"与第{seen[number]}行重复"))
            seen[number] = n
            info = idcard.parse(number)
            row["_birth"] = info.birth_date
            if row.get("gender") and row["gender"] != info.gender:
                errors.append(RowError(n, header["gender"],
                                       f"与身份证号不一致（身份证号为{Gender(info.gender).label}）"))
            row["gender"] = info.gender
            digest = crypto.blind_index(number)
            row["_person"] = persons.get(digest)
            member = getattr(row["_person"], "party_member", None) if row["_person"] else None
            if digest in held_elsewhere:
                # A member the user sees (an in-service member reported here) is named with the link to start the
                # transfer; otherwise one message whatever the reason, so an import cannot probe other records.
                known = seen_members.get(digest)
                if known is not None:
                    errors.append(TransferNeeded(n, header["id_number"], OUTSIDE_MEMBER.format(branch=known[1]),
                                                 transfer_link(known[0])))
                else:
                    errors.append(RowError(n, header["id_number"], OUTSIDE_SCOPE))
                outside.append(n)
            row["_member"] = member
        name = row.get("branch")
        if name:
            found = branches.get(name, [])
            if not found:
                errors.append(RowError(n, header["branch"], f"未找到支部“{name}”（或不在您的管理范围内）"))
            elif len(found) > 1:
                errors.append(RowError(n, header["branch"], f"有多个名为“{name}”的支部，请联系管理员区分名称"))
            else:
                row["branch_id"] = found[0].pk
        join, full = row.get("join_date"), row.get("full_date")
        if join and full and full < join:
            errors.append(RowError(n, header["full_date"], "转正日期早于入党日期"))
        if row.get("category") == Category.PROBATIONARY and full:
            errors.append(RowError(n, header["full_date"], "预备党员不应填写转正日期"))
        if join and row.get("_birth") and years_between(row["_birth"], join) < 18:
            errors.append(RowError(n, header["join_date"], "入党时未满十八周岁，请核对"))
        row["status"] = row.get("status") or Status.NORMAL
        if row["status"] != Status.NORMAL and not row.get("status_date"):
            errors.append(RowError(n, header["status_date"], "状态不是“正常”时必填"))
        row["registered_community_id"] = None
        if row.get("registered_community"):
            community = communities.get(row["registered_community"])
            if community is None:
                errors.append(RowError(n, header["registered_community"],
                                       f"未找到社区“{row['registered_community']}”"))
            else:
                row["registered_community_id"] = community.pk
        # An in-service member without a community has not reported in yet (members/reporting.py).
        if row.get("registered_community") and not row.get("in_service"):
            errors.append(RowError(n, header["registered_community"], "只有在职党员需要填写报到社区"))
    errors.sort(key=lambda e: (e.row, order.index(e.column) if e.column in order else 99))
    _log_outside(user, outside, what)
    return result


def _members_in_sight(user, digests) -> dict:
    """ID hash → (member pk, branch name) of the members held elsewhere that the user may still see."""
    if not digests:
        return {}
    return {h: (pk, branch) for h, pk, branch in PartyMember.objects.visible_to(user)
            .filter(person__id_hash__in=list(digests)).values_list("person__id_hash", "pk", "branch__name")}


def _log_outside(user, rows, what: str = "党员名册导入检查") -> None:
    """The answer "registered outside your scope" tells that a number is on file somewhere: each check that
    gives it is an audit event (who, how many, which rows — never the numbers), so probing is on record."""
    if rows:
        listed = "、".join(str(r) for r in rows[:20]) + ("等" if len(rows) > 20 else "")
        append(Kind.ACCESS, f"{what}：{len(rows)}个身份证号已登记在管理范围以外（第{listed}行）", actor=user)


def _person_values(row):
    return {"name": row["name"], "gender": row["gender"], "ethnicity": row.get("ethnicity") or "汉族",
            "education": row.get("education") or "", "address": row.get("address") or "",
            "phone": row.get("phone") or ""}


def _member_values(row):
    return {"branch_id": row["branch_id"], "category": row["category"], "join_date": row["join_date"],
            "full_date": row.get("full_date"), "status": row["status"], "status_date": row.get("status_date"),
            "is_hardship": bool(row.get("is_hardship")), "in_service": bool(row.get("in_service")),
            "employer": row.get("employer") or "", "registered_community_id": row["registered_community_id"]}


@transaction.atomic
def commit(result, user, person_values=None, member_values=None):
    """Write every row (only called when no row has an error). Unchanged rows are left alone.

    A person already on file is linked, not duplicated; their details are updated only when the
    user may edit that person (otherwise the record stays as its own organization keeps it).
    Another layout passes its own `person_values(row)` / `member_values(row)` (the fields it carries).
    """
    person_values = person_values or _person_values
    member_values = member_values or _member_values
    person_fields, member_fields = set(), set()
    known = [row["_person"].pk for row in result.rows if row.get("_person") is not None]
    editable = set(Person.objects.editable_by(user).filter(pk__in=known).values_list("pk", flat=True))
    new_persons, changed_persons, new_members, changed_members = [], [], [], []
    for row in result.rows:
        person = row.get("_person")
        values = person_values(row)
        person_fields.update(values)
        if person is None:
            person = Person(organization_id=row["branch_id"], id_number=row["id_number"], birth_date=row["_birth"],
                            **values)
            person.fill_derived()
            new_persons.append(person)
            row["_person"] = person
        elif person.pk in editable and _differs(person, values):
            for k, v in values.items():
                setattr(person, k, v)
            person.fill_derived()
            changed_persons.append(person)
            row["_person_changed"] = True
    Person.objects.bulk_create(new_persons, batch_size=1000)
    if changed_persons:
        Person.objects.bulk_update(changed_persons, sorted(person_fields) + ["pinyin", "pinyin_initials", "phone_hash"],
                                   batch_size=1000)
    for row in result.rows:
        values = member_values(row)
        member_fields.update(values)
        member = row.get("_member")
        if member is None:
            new_members.append(PartyMember(person=row["_person"], **values))
        elif _differs(member, values):
            for k, v in values.items():
                setattr(member, k, v)
            changed_members.append(member)
        elif not row.get("_person_changed"):
            result.unchanged += 1
    PartyMember.objects.bulk_create(new_members, batch_size=1000)
    if changed_members:
        PartyMember.objects.bulk_update(changed_members, sorted(member_fields), batch_size=1000)
    result.created = len(new_members)
    result.updated = len(result.rows) - result.created - result.unchanged
    _log(user, Person, new_persons, LogEntry.Action.CREATE, "Excel导入新建")
    _log(user, Person, changed_persons, LogEntry.Action.UPDATE, "Excel导入更新")
    _log(user, PartyMember, new_members, LogEntry.Action.CREATE, "Excel导入新建")
    _log(user, PartyMember, changed_members, LogEntry.Action.UPDATE, "Excel导入更新")
    return result


def _differs(obj, values) -> bool:
    return any(getattr(obj, k) != v for k, v in values.items())


def _log(user, model, objects, action, note):
    """History for bulk writes (bulk_create/bulk_update skip auditlog's signals)."""
    if not objects:
        return
    ct = ContentType.objects.get_for_model(model)
    entries = LogEntry.objects.bulk_create([
        LogEntry(content_type=ct, object_pk=str(o.pk), object_id=o.pk, object_repr=str(o)[:200], action=action,
                 changes={"import": ["", note]}, actor=user)
        for o in objects
    ], batch_size=1000)
    seal_many(entries)  # bulk_create sends no signal: each entry still goes into the audit chain
