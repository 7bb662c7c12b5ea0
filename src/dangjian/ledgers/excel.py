"""Ledger Excel: the 台账 layout out (title, org and period, two header rows with merged groups),
and committee/community tasks in (all-or-nothing, per-row errors)."""


from django.db import transaction
from django.utils import timezone

from dangjian.core.io.importer import Column, RowError, choice_parser, parse_date
from dangjian.core.workflow import Refused
from dangjian.orgs.models import Organization

from .choices import Category
from .models import Task
from .states import PROBLEM_STATES, TASK_STATES


def ledger_workbook(within, year, category, rows, total):
    from openpyxl import Workbook  # here, not with the module: the ledger page imports it (issue 14)
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    box, head = Border(top=thin, bottom=thin, left=thin, right=thin), PatternFill("solid", fgColor="F2DCDB")
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年台账"
    task_keys, problem_keys = list(TASK_STATES), list(PROBLEM_STATES)
    width = 1 + 1 + len(task_keys) + 1 + 1 + len(problem_keys)
    title = f"{year}年{within.name}基层党建“三张清单”台账"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1, title).font = Font(name="方正小标宋简体", size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    scope = f"组织：{within.name}　期间：{year}年1月1日—{year}年12月31日"
    if category:
        scope += f"　类别：{Category(category).label}"
    ws.cell(2, 1, f"{scope}　制表日期：{timezone.localdate():%Y-%m-%d}")
    # Two header rows: groups merged over their columns, the first column merged down.
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    ws.cell(3, 1, "组织")
    t0 = 2
    ws.merge_cells(start_row=3, start_column=t0, end_row=3, end_column=t0 + len(task_keys) + 1)
    ws.cell(3, t0, "任务清单")
    headers = ["任务数", *TASK_STATES.values(), "完成率（%）"]
    for i, h in enumerate(headers):
        ws.cell(4, t0 + i, h)
    p0 = t0 + len(headers)
    ws.merge_cells(start_row=3, start_column=p0, end_row=3, end_column=p0 + len(problem_keys))
    ws.cell(3, p0, "问题清单")
    for i, h in enumerate(["问题数", *PROBLEM_STATES.values()]):
        ws.cell(4, p0 + i, h)
    for r in (3, 4):
        for c in range(1, width + 1):
            cell = ws.cell(r, c)
            cell.font = Font(bold=True)
            cell.fill = head
            cell.border = box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, row in enumerate([*rows, total], start=5):
        values = [row.org["name"], row.task_total, *[row.tasks[k] for k in task_keys], float(row.completion),
                  row.problem_total, *[row.problems[k] for k in problem_keys]]
        for c, v in enumerate(values, start=1):
            cell = ws.cell(index, c, v)
            cell.border = box
            if row is total:
                cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 28
    for c in range(2, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11
    ws.freeze_panes = "B5"
    ws.print_title_rows = "3:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    return wb


def _decimal(value):
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"“{value}”不是数字") from exc
    if number <= 0:
        raise ValueError("应大于 0")
    return number


def _year(value):
    year = int(_decimal(value))
    if not 2000 <= year <= 2100:
        raise ValueError("年度应在 2000 到 2100 之间")
    return year


TASK_COLUMNS = [
    Column("年度", "year", True, _year, "2026"),
    Column("任务", "title", True, example="打造社区共驻共建服务项目"),
    Column("类别", "category", True, choice_parser(Category.choices), "区域化党建",
           "、".join(label for _, label in Category.choices)),
    Column("目标值", "target_value", False, _decimal, "2"),
    Column("单位", "target_unit", False, example="个"),
    Column("工作措施", "measures", False, example="每月开展1次共驻共建活动"),
    Column("完成时限", "deadline", True, parse_date, "2026-12-31"),
    Column("牵头组织", "organization", True, example="东风社区党委", help="须与平台中的组织名称一致"),
    Column("上级任务", "parent", False, example="", help="分解任务填写党工委任务的名称（同一年度）"),
    Column("权重", "weight", False, _decimal, "1"),
]


FIELD_COLUMNS = {c.key: c.header for c in TASK_COLUMNS}


def _check_model_rules(row, result):
    """Everything the model itself enforces (lengths, digits, weights), before anything is written."""
    from django.core.exceptions import ValidationError

    task = Task(organization=row.get("_org"), parent=row.get("_parent"), year=row.get("year") or 2000,
                title=row.get("title") or "", category=row.get("category") or "other",
                target_value=row.get("target_value"), target_unit=row.get("target_unit") or "",
                measures=row.get("measures") or "", deadline=row.get("deadline"), weight=row.get("weight") or 1)
    try:
        task.full_clean(exclude=["organization", "parent", "deadline", "year", "category"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            header = FIELD_COLUMNS.get(field, "（整行）")
            for message in messages:
                result.errors.append(RowError(row["_row"], header, message))


def validate_tasks(result, user):
    orgs = {}
    for org in Organization.objects.placeable_for(user, Task):
        orgs.setdefault(org.name, []).append(org)
    parents = {}
    for t in Task.objects.visible_to(user).filter(parent__isnull=True).select_related("organization"):
        parents.setdefault((t.year, t.title), []).append(t)
    for row in result.rows:
        n = row["_row"]
        found = orgs.get(row.get("organization") or "", [])
        if row.get("organization") and not found:
            result.errors.append(RowError(n, "牵头组织", f"未找到组织“{row['organization']}”（或不在您的管理范围内）"))
        elif len(found) > 1:
            result.errors.append(RowError(n, "牵头组织", f"有多个名为“{row['organization']}”的组织"))
        elif found:
            row["_org"] = found[0]
        if row.get("parent"):
            match = parents.get((row.get("year"), row["parent"]), [])
            if len(match) != 1:
                message = f"在{row.get('year')}年度没有找到唯一的任务“{row['parent']}”"
                result.errors.append(RowError(n, "上级任务", message))
            else:
                row["_parent"] = match[0]
                if row.get("_org") and not row["_org"].path.startswith(match[0].organization.path):
                    result.errors.append(RowError(n, "牵头组织", "分解任务的牵头组织须在上级任务牵头组织之下"))
                if row.get("deadline") and row["deadline"] > match[0].deadline:
                    result.errors.append(RowError(n, "完成时限", "不能晚于上级任务的完成时限"))
        _check_model_rules(row, result)
    _refuse_repeats(result)
    result.errors.sort(key=lambda e: e.row)
    return result


def _key(row):
    org, parent = row.get("_org"), row.get("_parent")
    return row.get("year"), (row.get("title") or "").strip(), org.pk if org else None, parent.pk if parent else None


def _refuse_repeats(result):
    """The same file imported twice (or a row repeated in it) would create every task again: a task of the
    same year, title, leading organization and parent task is refused, named with the row that has it."""
    keys = {n: _key(row) for n, row in ((row["_row"], row) for row in result.rows) if _key(row)[2]}
    existing = set(Task.objects.filter(organization_id__in={k[2] for k in keys.values()},
                                       year__in={k[0] for k in keys.values()})
                   .values_list("year", "title", "organization_id", "parent_id"))
    first_row = {}
    for n, key in keys.items():
        if key in existing:
            message = f"“{key[1]}”已在{key[0]}年度任务清单中（同一牵头组织），不能重复导入"
            result.errors.append(RowError(n, "任务", message))
        elif key in first_row:
            result.errors.append(RowError(n, "任务", f"与第 {first_row[key]} 行重复"))
        else:
            first_row[key] = n


@transaction.atomic
def commit_tasks(result, user):
    from .actions import create_task

    for row in result.rows:
        year, title, org, parent = _key(row)
        if Task.objects.filter(year=year, title=title, organization_id=org, parent_id=parent).exists():
            raise Refused.conflict(f"“{title}”已由他人导入，请刷新任务清单后再试。")  # a second click
        create_task(user, row["_org"], parent=row.get("_parent"), year=row["year"], title=row["title"],
                    category=row["category"], target_value=row.get("target_value"),
                    target_unit=row.get("target_unit") or "", measures=row.get("measures") or "",
                    deadline=row["deadline"], weight=row.get("weight") or 1)
        result.created += 1
    return result
