"""The dues sheets in the 台账 layout: a branch's 党费收缴登记表 for a month and the street's quarterly summary.

Amounts are fen in the database and yuan in the sheet: written as exact decimals (fen ÷ 100) with a
two-decimal format, so the totals a reader adds up in Excel match the platform's to the fen.
"""

from decimal import Decimal

from ..models.dues import DuesKind

SHEET_HEADERS = ["序号", "姓名", "党员类型", "月收入基数(元)", "交纳比例", "应交(元)", "实交(元)", "交纳日期",
                 "交纳方式", "本人签名"]
SUMMARY_HEADERS = ["社区", "支部", "党员人数", "应交(元)", "实交(元)", "收缴率(%)", "欠交人数", "欠交金额(元)"]
MONEY = "0.00"


def _yuan(fen) -> Decimal:
    return Decimal(int(fen or 0)) / 100


def _format(ws, columns, first_row, last_row):
    for col in columns:
        for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=col, max_col=col):
            for cell in row:
                cell.number_format = MONEY


def branch_sheet(branch, month, rows):
    """`rows`: the branch's dues months for `month` (with member, person and standard loaded)."""
    from openpyxl.styles import Font

    from dangjian.core.io.xlsx import build_workbook

    lines, due, paid = [], 0, 0
    for n, r in enumerate(rows, start=1):
        s = r.standard
        basis = _yuan(s.income_fen) if s and s.kind in (DuesKind.EMPLOYED, DuesKind.RETIRED) else ""
        lines.append([n, r.member.person.name, s.get_kind_display() if s else "", basis,
                      ("减免" if r.exemption_id else (s.rate_label if s else "")), _yuan(r.due_fen),
                      _yuan(r.paid_fen), r.paid_on, r.get_method_display(), ""])
        due += r.due_fen
        paid += r.paid_fen
    lines.append(["合计", f"{len(lines)}人", "", "", "", _yuan(due), _yuan(paid), "", "", ""])
    wb = build_workbook(f"{branch.name}党费收缴登记表", SHEET_HEADERS, lines,
                        subtitle=f"{month:%Y年%m月}　支部书记（签字）：　　　　")
    ws = wb.active
    last = 3 + len(lines)
    _format(ws, (4, 6, 7), 4, last)
    for row in ws.iter_rows(min_row=4, max_row=last, min_col=8, max_col=8):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for cell in ws[last]:
        cell.font = Font(bold=True)
    ws.column_dimensions["J"].width = 16
    return wb


def summary_sheet(title, subtitle, rows):
    """`rows`: from `totals.summary` (branch rows and community subtotals), then a street total."""
    from openpyxl.styles import Font

    from dangjian.core.io.xlsx import build_workbook

    from .totals import rate

    lines, bold = [], []
    total = {"members": 0, "due": 0, "paid": 0, "owing_members": 0, "owing": 0}
    for r in rows:
        lines.append([r["community"], r["branch"], r["members"], _yuan(r["due"]), _yuan(r["paid"]),
                      r["rate"] if r["rate"] is not None else "—", r["owing_members"], _yuan(r["owing"])])
        if r.get("subtotal"):
            bold.append(len(lines))
            for k in total:
                total[k] += r[k]
    lines.append(["合计", "", total["members"], _yuan(total["due"]), _yuan(total["paid"]),
                  rate(total["paid"], total["due"]) or "—", total["owing_members"], _yuan(total["owing"])])
    bold.append(len(lines))
    wb = build_workbook(title, SUMMARY_HEADERS, lines, subtitle=subtitle)
    ws = wb.active
    _format(ws, (4, 5, 8), 4, 3 + len(lines))
    for n in bold:
        for cell in ws[3 + n]:
            cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 26
    return wb
