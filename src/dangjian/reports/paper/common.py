"""What every paper document shares: progress reporting, the two output formats, signature lines, photos.

The documents are 公文-layout .docx files (`core.io.officialdoc.OfficialDocument`), optionally converted to PDF by
LibreOffice (`core.io.pdf`). What OfficialDocument does not offer — a table without grid lines for two parties'
signatures, a photo — is added here on its document, in its fonts, so the pages look like the rest.
"""

from collections.abc import Callable
from io import BytesIO

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dangjian.core.io.officialdoc import FONT_BODY, SIZE_BODY, SIZE_TABLE, OfficialDocument, set_font, xml_text
from dangjian.core.workflow import Refused

from . import FORMATS

BLANK = "＿＿＿＿"
DATE_BLANK = "＿＿＿＿年＿＿月＿＿日"
IMAGE_TYPES = {".jpg", ".jpeg", ".png", ".gif"}  # what python-docx can place (a .webp photo is listed by name)
PHOTO_WIDTH = Mm(120)


def short_date(day) -> str:
    """A date inside a table cell: 2026.07.21, which fits a narrow column on one line."""
    return f"{day:%Y.%m.%d}" if day else ""


class Steps:
    """Calls `progress(done, total, step)` as a builder goes; a builder without a listener reports to no one."""

    def __init__(self, progress: Callable | None, total: int):
        self.progress, self.total, self.done = progress, max(total, 1), 0

    def grow(self, more: int) -> None:
        """More steps found on the way (the photos of a binder are known once the lists are read)."""
        self.total += max(more, 0)

    def step(self, label: str) -> None:
        self.done = min(self.done + 1, self.total)
        if self.progress is not None:
            self.progress(self.done, self.total, label)


def visible_or_absent(qs, user, pk, what: str):
    """The row if the user may see it; otherwise the refusal a page answers 404 and a job reports in Chinese."""
    found = qs.visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Refused.absent(f"没有找到该{what}，或您无权查看。")
    return found


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Refused(f"不支持的文件格式：{fmt}（可选 .docx 或 .pdf）。")
    return fmt


def finish(doc: OfficialDocument, name: str, fmt: str, steps: Steps) -> tuple[str, bytes]:
    """(file name, bytes) in the format asked: the .docx, or the PDF LibreOffice makes of it."""
    data = doc.to_bytes()
    if fmt == "pdf":
        from dangjian.core.io.pdf import docx_to_pdf

        data = docx_to_pdf(data)  # PdfUnavailable says in Chinese that LibreOffice is missing
    steps.step("生成 PDF" if fmt == "pdf" else "生成 Word 文档")
    return f"{name}.{fmt}", data


def plain_table(doc: OfficialDocument, rows, widths_mm):
    """A table without grid lines (signature blocks), body font at body size, one line per cell paragraph."""
    table = doc.document.add_table(rows=0, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)
    for values in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, values, widths_mm, strict=True):
            cell.width = Mm(width)
            p = cell.paragraphs[0]
            p.paragraph_format.space_before = Pt(6)
            p.paragraph_format.space_after = Pt(6)
            set_font(p.add_run(xml_text(text)), FONT_BODY, SIZE_BODY)
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
    return table


def signature_block(doc: OfficialDocument, parties, dated: str = DATE_BLANK):
    """Both parties side by side, each with its name (盖章), its signer's line and a date line to fill in by hand.

    `parties`: [(甲方/乙方, organization name, signer's post)]."""
    doc.blank_line(keep_with_next=True)
    rows = [[f"{side}（盖章）：" for side, _, _ in parties],
            [name for _, name, _ in parties],
            [f"{post}（签字）：" for _, _, post in parties],
            ["" for _ in parties],  # the room a hand signature takes
            [f"日期：{dated}" for _ in parties]]
    table = plain_table(doc, rows, [78] * len(parties))
    tall_rows(table, 3, 16, only=[3])
    return table


def tall_rows(table, first: int, height_mm: float, only=None):
    """Rows from `first` (or the `only` ones) at least `height_mm` high: room to write or sign by hand."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE

    for i, row in enumerate(table.rows):
        if i >= first and (only is None or i in only):
            row.height = Mm(height_mm)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    return table


def photo(doc: OfficialDocument, evidence, caption: str) -> bool:
    """The evidence photo on the page, scaled to the text width, with its caption below; False when the file is
    not a photo python-docx can place or cannot be read (the caller lists it by name instead)."""
    import os

    if os.path.splitext(evidence.name)[1].lower() not in IMAGE_TYPES:
        return False
    try:
        with evidence.file.open("rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return False
    p = doc.document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    try:
        p.add_run().add_picture(BytesIO(data), width=PHOTO_WIDTH)
    except Exception:  # python-docx raises its own errors for a file it cannot read as an image
        p._p.getparent().remove(p._p)
        return False
    cap = doc.document.add_paragraph()
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.space_after = Pt(12)
    set_font(cap.add_run(xml_text(caption)), FONT_BODY, SIZE_TABLE)
    return True
