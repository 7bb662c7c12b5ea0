"""Building real .xlsx roster files for import tests and the import benchmark."""

import random
from datetime import date, timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.io.xlsx import build_workbook
from dangjian.members import io
from dangjian.people import idcard


def roster_rows(n: int, branch_name: str, seed: int = 7, region: str = "320102"):
    """n valid rows in the export/template column order, with distinct ID numbers."""
    rng = random.Random(seed)
    rows, used = [], set()
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
    while len(rows) < n:
        gender = rng.choice("MF")
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 60))
        number = idcard.make(region, born, rng.randrange(0, 500), gender)
        if number in used:
            continue
        used.add(number)
        join = born + timedelta(days=365 * 25 + rng.randrange(7, 200))
        rows.append([
            rng.choice(surnames) + rng.choice(given) + rng.choice(given), number, f"139{rng.randrange(10**8):08d}",
            "男" if gender == "M" else "女", "汉族", "大学本科", "幸福路1号", branch_name, "正式党员",
            join.isoformat(), (join + timedelta(days=365)).isoformat(), "正常", "", "否", "否", "", "",
        ])
    return rows


def xlsx_upload(rows, name="roster.xlsx") -> SimpleUploadedFile:
    wb = build_workbook("党员名册", io.HEADERS, rows)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
