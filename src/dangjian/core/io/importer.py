"""All-or-nothing .xlsx import with a per-row error list (row, column, reason in Chinese).

An app describes its sheet with `Column`s and supplies `validate` (row by row, collecting
errors) and `commit` (one transaction, called only when no row has an error). The header row
is found by its titles, so the app's own export (title row, subtitle, headers) reads back in.
"""

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

MAX_UPLOAD_MB = 10
MAX_ROWS = 20000


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    parse: Callable | None = None  # raises ValueError(message) on a bad value
    example: str = ""
    help: str = ""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)  # parsed rows: {"_row": n, key: value}
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value: str):
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"):
        try:
            return datetime.strptime(value[:11] if "年" in value else value[:10], fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{value}”不是有效日期，请写成 2020-07-01 的格式")


def parse_bool(value: str):
    if value in ("", None):
        return False
    if value in ("是", "Y", "y", "1", "TRUE", "True", "true", "√"):
        return True
    if value in ("否", "N", "n", "0", "FALSE", "False", "false"):
        return False
    raise ValueError(f"“{value}”应填写“是”或“否”")


def choice_parser(choices) -> Callable:
    by_label = {label: value for value, label in choices}
    values = {value for value, _ in choices}

    def parse(value: str):
        if value in by_label:
            return by_label[value]
        if value in values:
            return value
        raise ValueError(f"“{value}”不是可选值（可选：{'、'.join(by_label)}）")

    return parse


UNREADABLE = "无法读取该文件：请上传用本平台模板填写的 Excel（.xlsx）文件。"
MAX_BLANK_RUN = 200  # this many empty rows in a row end the sheet, whatever its declared size says


# An .xlsx is a zip: 300 KB of repeated shared strings can unpack to 300 MB and take a worker's memory with
# it. The sizes its directory declares are checked before anything is parsed, and the reading of each part
# stops where its declared size ends (zipfile enforces it), so a lying directory cannot get past either.
MAX_UNPACKED_MB = 8 * MAX_UPLOAD_MB
MAX_RATIO = 100


def _refuse_bombs(upload) -> None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(UNREADABLE) from exc
    finally:
        upload.seek(0)
    unpacked = sum(p.file_size for p in parts)
    packed = sum(p.compress_size for p in parts) or 1
    if len(parts) > 1000 or unpacked > MAX_UNPACKED_MB * 1024 * 1024 or unpacked / packed > MAX_RATIO:
        raise ImportFileError(f"文件解压后超过 {MAX_UNPACKED_MB}MB（或压缩比异常），不像正常的表格，"
                              "请另存为新的 .xlsx 文件后分批导入。")


def read(upload, columns: list[Column]) -> ImportResult:
    """Parse every row; cell-level errors are collected, nothing is written."""
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ImportFileError(f"文件超过 {MAX_UPLOAD_MB}MB，请分批导入。")
    _refuse_bombs(upload)
    from openpyxl import load_workbook  # here: the import pages' forms need no openpyxl (issue 14)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(UNREADABLE) from exc
    except Exception as exc:  # a damaged part inside the zip (styles, shared strings) fails in many ways
        raise ImportFileError(UNREADABLE) from exc
    try:
        return _read_sheet(wb, columns)
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(UNREADABLE) from exc
    finally:
        wb.close()


def _read_sheet(wb, columns):
    ws = wb.active
    # A sheet may declare itself 16,384 columns by a million rows: read only as wide as the template.
    rows = ws.iter_rows(values_only=True, max_col=len(columns) + 20)
    headers, header_row = None, 0
    for index, row in enumerate(rows, start=1):
        cells = [text(c) for c in row]
        if columns[0].header in cells and sum(1 for c in columns if c.header in cells) >= len(columns) // 2:
            headers, header_row = cells, index
            break
        if index >= 10:
            break
    if headers is None:
        raise ImportFileError(f"没有找到表头行（应包含“{columns[0].header}”等列），请使用下载的模板。")
    missing = [c.header for c in columns if c.required and c.header not in headers]
    if missing:
        raise ImportFileError(f"缺少必填列：{'、'.join(missing)}。")
    position = {c.key: headers.index(c.header) for c in columns if c.header in headers}
    result = ImportResult()
    blank_run = 0
    for number, row in enumerate(rows, start=header_row + 1):
        cells = [text(c) for c in row]
        if not any(cells):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if len(result.rows) >= MAX_ROWS:
            raise ImportFileError(f"一次最多导入 {MAX_ROWS} 行，请分批导入。")
        parsed = {"_row": number}
        for col in columns:
            raw = cells[position[col.key]] if col.key in position and position[col.key] < len(cells) else ""
            if not raw:
                if col.required:
                    result.errors.append(RowError(number, col.header, "必填，不能为空"))
                parsed[col.key] = None if col.parse else ""
                continue
            try:
                parsed[col.key] = col.parse(raw) if col.parse else raw
            except ValueError as exc:
                result.errors.append(RowError(number, col.header, str(exc)))
                parsed[col.key] = None
        result.rows.append(parsed)
    if not result.rows and not result.errors:
        raise ImportFileError("文件中没有数据行。")
    return result


def template(title: str, columns: list[Column]):
    """A workbook with the headers and a notes sheet (examples there, so none gets imported by mistake)."""
    from .xlsx import build_workbook

    wb = build_workbook(title, [c.header for c in columns], [],
                        subtitle="从第4行起填写，每行一条；各列说明见“填写说明”页")
    notes = wb.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "示例", "说明"])
    for c in columns:
        notes.append([c.header, "必填" if c.required else "选填", c.example, c.help])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["C"].width = 22
    notes.column_dimensions["D"].width = 60
    return wb
