"""The project's one writer for official documents (公文) in the GB/T 9704-2012 layout.

Every .docx the platform hands to a secretary (certificates, reports, notices) is expected to go out on paper as a
公文, so page, fonts, 22-line grid, 署名 and page numbers live here once instead of in each service.
"""

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(37)
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)
MARGIN_RIGHT = Mm(26)
# GB/T 9704 7.5: the 一字线 of the page number sits 7 mm below the text block; a 14 pt line is about 5 mm tall.
FOOTER_DISTANCE = Mm(23)

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEITI = "黑体"
FONT_KAITI = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"

SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(12)  # 小四
SIZE_PAGE_NUMBER = Pt(14)  # 四号

CHAR_WIDTH = SIZE_BODY  # one 三号 character; indents in the standard are counted in characters
BODY_INDENT = Pt(32)  # 首行缩进二字
PAGE_NUMBER_CHAR = SIZE_PAGE_NUMBER
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
TEXT_HEIGHT_PT = (297 - 37 - 35) / 25.4 * 72  # 225 mm ≈ 637.8 pt
TEXT_WIDTH_TWIPS = PAGE_WIDTH.twips - MARGIN_LEFT.twips - MARGIN_RIGHT.twips  # 156 mm as the .docx stores it: 8845
# Word stores line spacing in twentieths of a point; rounding down keeps all 22 lines on the page (28.95 pt).
LINE_PITCH = Pt(int(TEXT_HEIGHT_PT * 20 / LINES_PER_PAGE) / 20)

# 156 mm of text holds only 27.6 characters of 16 pt; GB/T 9704 wants 28 a line. Word templates get there with a
# 文档网格 (see ``_setup_grid``), but LibreOffice 7.4 cannot set a character narrower than its cell: it draws such
# characters two cells wide or breaks lines after 27 or 14 of them (measured). So every paragraph written here opts out
# of the grid and carries the grid's metrics itself: exact 28.95 pt lines and body runs condensed by 0.25 pt, which
# puts 28 characters of 15.75 pt in the line in Word, WPS and LibreOffice alike.
CHAR_SPACING = Pt(-0.25)
CHAR_ADVANCE = Pt(SIZE_BODY.pt + CHAR_SPACING.pt)  # what one body character really takes on the line
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
                  "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish")

PAGE_DASH = "—"  # 一字线 on both sides of the page number

Run = str | tuple[str, dict]


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text) -> str:
    """Text Word can hold: control characters (pasted from elsewhere) are dropped, not left to break the file."""
    return _NOT_XML.sub("", str(text))


def set_font(run, name: str, size=None, bold: bool | None = None):
    """Word reads ``w:ascii``/``w:hAnsi`` for Latin text but ``w:eastAsia`` for Chinese; set both or WPS falls back.

    Body-size runs are also condensed by ``CHAR_SPACING`` so a line holds 28 characters.
    """
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold
    if size == SIZE_BODY:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(round(CHAR_SPACING.pt * 20)))
        run._element.rPr.insert_element_before(spacing, *_AFTER_SPACING)
    return run


def text_width(text: str) -> float:
    """Width in body characters: Arabic numerals and Latin letters are half-width in 仿宋, so they count 0.5."""
    return sum(1 if unicodedata.east_asian_width(c) in ("W", "F") else 0.5 for c in text)


def chinese_date(value: date | str) -> str:
    """成文日期 in Arabic numerals without zero padding, as GB/T 9704 7.3.5.1 writes it: 2026年12月1日."""
    if isinstance(value, str):
        return value
    return f"{value.year}年{value.month}月{value.day}日"


def signature_indents(org_name: str, date_text: str) -> tuple[float, float]:
    """Right indents, in characters, of the 署名 line and the date line (GB/T 9704-2012 7.3.5.2, no seal).

    The rule: the name is right-aligned with 2 characters free on its right; the date goes on the next line with its
    first character 2 characters right of the name's first character, so its right indent is
    ``2 + width(name) - width(date) - 2``. If that would leave the date less than 2 characters from the margin (the
    date is "longer" than the name), the date keeps a right indent of 2 and the name's right indent grows by the
    same amount, so the 2-character shift still holds.
    """
    name_w, date_w = text_width(org_name), text_width(date_text)
    name_indent = 2.0
    date_indent = name_indent + name_w - date_w - 2
    if date_indent < 2:
        name_indent += 2 - date_indent
        date_indent = 2.0
    return name_indent, date_indent


def signature_date_indent(org_name: str, date_text: str) -> Pt:
    """Left indent of the 成文日期: the 署名's first character (right-aligned, ``signature_indents``) plus two."""
    name_indent, _ = signature_indents(org_name, date_text)
    line = TEXT_WIDTH_TWIPS / 20
    return Pt(line - CHAR_ADVANCE.pt * (name_indent + text_width(org_name) - 2))


_AFTER_AUTO_SPACE = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                     "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                     "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _no_auto_space(paragraph):
    """Word and LibreOffice pad digits next to Chinese by about a quarter character each side, which would break
    the character arithmetic of the 署名 block."""
    p_pr = paragraph._p.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "0")
        p_pr.insert_element_before(el, *_AFTER_AUTO_SPACE)
    return paragraph


def _off_grid(paragraph):
    """``w:snapToGrid w:val="0"``: the paragraph sets its own 22-line pitch and 28-character runs (see
    ``CHAR_SPACING``), so no renderer's reading of the document grid can move it; text typed later into a new
    paragraph of the Normal style still follows the grid.

    ``w:overflowPunct w:val="0"`` as well (允许标点溢出边界 off): a stop after the 28th character goes inside the
    text block with the character before it, not into the right margin, where LibreOffice drops some of them from
    the page altogether (pdf.py ``for_libreoffice`` translates the flag for LibreOffice)."""
    p_pr = paragraph._p.get_or_add_pPr()
    if p_pr.find(qn("w:overflowPunct")) is None:
        el = OxmlElement("w:overflowPunct")
        el.set(qn("w:val"), "0")
        p_pr.insert_element_before(el, "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", *_AFTER_AUTO_SPACE)
    if p_pr.find(qn("w:snapToGrid")) is None:
        el = OxmlElement("w:snapToGrid")
        el.set(qn("w:val"), "0")
        p_pr.insert_element_before(el, *_AFTER_AUTO_SPACE[_AFTER_AUTO_SPACE.index("w:spacing"):])
    return paragraph


def grid_char_space(text_width_twips: int, size=SIZE_BODY, chars: int = CHARS_PER_LINE) -> int:
    """``w:charSpace`` of a 文档网格 with ``chars`` characters a line, as Word computes it: the character pitch minus
    the default font size, in 1/4096 pt. Rounded down so that ``chars`` pitches never exceed the line (Word would
    otherwise put one character less on it): 156 mm (8845 twips) and 三号 give -842."""
    pitch_pt = text_width_twips / 20 / chars
    return math.floor((pitch_pt - size.pt) * 4096)


def _add_field(paragraph, instruction: str, placeholder: str, font: str, size):
    """A real field (begin / instrText / separate / result / end) so Word, WPS and LibreOffice compute it."""
    def fld_char(kind):
        run = set_font(paragraph.add_run(), font, size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._element.append(el)

    fld_char("begin")
    run = set_font(paragraph.add_run(), font, size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._element.append(instr)
    fld_char("separate")
    set_font(paragraph.add_run(placeholder), font, size)
    fld_char("end")


class OfficialDocument:
    """A 公文 under construction; callers say what a paragraph is (title, heading, body) and never set fonts."""

    def __init__(self, letterhead: bytes | None = None):
        # -- a street's own letterhead template (core/io/letterhead.py) ----------------------------------------
        # Its .docx is the base instead of a blank document: its page setup, headers, footers, styles and 版头
        # stay as the committee made them, the body is written where its {{正文}} paragraph was, and `signature`
        # fills its {{署名}} / {{成文日期}} when it has them. Without a template, everything below applies.
        self.letterhead = None
        if letterhead is not None:
            from .letterhead import open_letterhead

            self.letterhead = open_letterhead(self, letterhead)
            return
        # -- end of the letterhead block ---------------------------------------------------------------------------
        self.document = Document()
        self._setup_defaults()
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.footer_distance = FOOTER_DISTANCE
        self._setup_grid(section)
        self._setup_page_numbers(section)
        self.document.core_properties.author = ""

    # -- setup -------------------------------------------------------------------------------------------------

    def _setup_defaults(self):
        """The template's theme fonts and 10 pt space-after would leak into table cells and anything unstyled."""
        styles = self.document.styles.element
        r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = r_pr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), FONT_BODY)
        for tag in ("w:sz", "w:szCs"):
            if r_pr.find(qn(tag)) is not None:
                r_pr.find(qn(tag)).set(qn("w:val"), str(round(SIZE_BODY.pt * 2)))
        lang = r_pr.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
        spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        if spacing is not None:
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")
        normal = self.document.styles["Normal"]
        normal.font.name = FONT_BODY
        normal.font.size = SIZE_BODY
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_BODY)

    @staticmethod
    def _setup_grid(section):
        """页面设置 → 文档网格 as a 公文 template has it: 每页22行、每行28字 (``linesAndChars``). Word and WPS show it
        in the page setup and lay out on it whatever the secretary types into the document later."""
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
        grid.set(qn("w:charSpace"), str(grid_char_space(width)))

    def _setup_page_numbers(self, section):
        """GB/T 9704 7.5: 单页码居右空一字，双页码居左空一字 — which needs separate odd and even footers."""
        self.document.settings.odd_and_even_pages_header_footer = True
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                            WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = align
            fmt = p.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.first_line_indent = Pt(0)
            _off_grid(p)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = PAGE_NUMBER_CHAR
            else:
                fmt.left_indent = PAGE_NUMBER_CHAR
            set_font(p.add_run(f"{PAGE_DASH} "), FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)
            _add_field(p, "PAGE", "1", FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)
            set_font(p.add_run(f" {PAGE_DASH}"), FONT_PAGE_NUMBER, SIZE_PAGE_NUMBER)

    # -- paragraphs ----------------------------------------------------------------------------------------------

    def _paragraph(self, align=None, first_line_indent=BODY_INDENT, keep_with_next=False):
        """Every text line sits on the 22-line grid: exact spacing, nothing before or after.

        Widow control is off (Word's 孤行控制, on by default in Word and LibreOffice): it moves a paragraph's first or
        last line to the next page and leaves pages of 21 or 20 lines, where GB/T 9704 wants 22 (每面排22行) on every
        full page. ``keep_with_next`` (headings, the 署名 block) is what keeps a page from ending on a heading instead.
        """
        p = self.document.add_paragraph()
        if align is not None:
            p.alignment = align
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = first_line_indent
        fmt.widow_control = False
        if keep_with_next:
            fmt.keep_with_next = fmt.keep_together = True
        return _off_grid(p)

    def blank_line(self, keep_with_next=False):
        return self._paragraph(first_line_indent=Pt(0), keep_with_next=keep_with_next)

    def title(self, text: str):
        """标题: 2号小标宋, centred; one paragraph with line breaks for several lines, then a blank line; both kept
        with what follows so a title never closes a page."""
        p = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER, Pt(0), keep_with_next=True)
        for i, line in enumerate(text.splitlines() or [""]):
            run = set_font(p.add_run(), FONT_TITLE, SIZE_TITLE)
            if i:
                run.add_break()
            run.add_text(xml_text(line))
        if not self.document.core_properties.title:
            self.document.core_properties.title = " ".join(text.split())
        self.blank_line(keep_with_next=True)
        return p

    def recipient(self, text: str):
        """主送机关: flush left, no indent, always closed by a full-width colon."""
        text = text.strip().rstrip(":：") + "："
        p = self._paragraph(first_line_indent=Pt(0))
        set_font(p.add_run(xml_text(text)), FONT_BODY, SIZE_BODY)
        return p

    def paragraph(self, text_or_runs: str | Iterable[Run], indent: bool = True):
        """Body text. Pass a list to mix plain text with inline parts: ``["按", ("要求", {"bold": True}), "办理。"]``.

        Run options: ``bold``, ``italic``, ``underline`` and ``font`` (e.g. 楷体_GB2312 for an inline 二级标题).
        """
        p = self._paragraph(WD_ALIGN_PARAGRAPH.JUSTIFY, BODY_INDENT if indent else Pt(0))
        self._add_runs(p, text_or_runs)
        return p

    def _add_runs(self, p, text_or_runs, font=FONT_BODY, bold=None):
        parts = [text_or_runs] if isinstance(text_or_runs, str) else text_or_runs
        for part in parts:
            text, options = (part, {}) if isinstance(part, str) else part
            run = set_font(p.add_run(xml_text(text)), options.get("font", font), SIZE_BODY, options.get("bold", bold))
            if "italic" in options:
                run.font.italic = options["italic"]
            if "underline" in options:
                run.font.underline = options["underline"]

    def _heading(self, text_or_runs, font, bold=None):
        """Kept with the next paragraph and in one piece, so no page ends on a heading (GB/T 9704 leaves that to the
        typesetter; Word's 与下段同行 and 段中不分页 are how it is done)."""
        p = self._paragraph(WD_ALIGN_PARAGRAPH.JUSTIFY, keep_with_next=True)
        self._add_runs(p, text_or_runs, font, bold)
        return p

    def heading1(self, text_or_runs):
        """一级标题 “一、……”: 黑体."""
        return self._heading(text_or_runs, FONT_HEITI)

    def heading2(self, text_or_runs):
        """二级标题 “（一）……”: 楷体."""
        return self._heading(text_or_runs, FONT_KAITI)

    def heading3(self, text_or_runs):
        """三级标题 “1．……”: 仿宋加粗."""
        return self._heading(text_or_runs, FONT_BODY, bold=True)

    def page_break(self):
        p = self.document.add_paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)
        return p

    def attachments(self, names: Sequence[str]):
        """附件说明 (GB/T 9704 7.3.4): 正文下空一行左空二字编排“附件”二字，后标全角冒号和附件名称; several are numbered
        “1．” and later names align under the first. Names end without punctuation. Kept with the 署名 below."""
        names = [xml_text(n).strip().rstrip("。.；;，,") for n in names if str(n).strip()]
        if not names:
            return []
        self.blank_line(keep_with_next=True)
        lines = []
        for i, name in enumerate(names):
            label = f"{i + 1}．{name}" if len(names) > 1 else name
            # Every line of every name starts under the first name, after “附件：”; only the first line hangs out.
            p = self._paragraph(WD_ALIGN_PARAGRAPH.JUSTIFY, Pt(0 if i else -CHAR_ADVANCE.pt * 3), keep_with_next=True)
            p.paragraph_format.left_indent = Pt(BODY_INDENT.pt + CHAR_ADVANCE.pt * 3)
            set_font(p.add_run(("附件：" if i == 0 else "") + label), FONT_BODY, SIZE_BODY)
            lines.append(p)
        return lines

    def appendix_title(self, text: str = "附件"):
        """附件 marker (GB/T 9704 8): the appendix starts a new page, “附件” in 黑体 on its first line, flush left; the
        blank line after it puts the appendix's own title (``title``) on the third line, where the standard wants it.

        The new page is the paragraph's own 段前分页: a page break in a paragraph of its own would leave that
        paragraph's empty end on the new page in Word and push everything a line down.
        """
        p = self._paragraph(first_line_indent=Pt(0), keep_with_next=True)
        p.paragraph_format.page_break_before = True
        set_font(p.add_run(xml_text(text)), FONT_HEITI, SIZE_BODY)
        self.blank_line(keep_with_next=True)
        return p

    def table(self, headers: Sequence[str], rows: Iterable[Sequence], widths_mm: Sequence[float] | None = None):
        """An appendix table: grid lines, 小四仿宋, bold header row repeated on every page, no row split by a page."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header_row = table.rows[0]
        header_row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text in zip(header_row.cells, headers, strict=True):
            self._cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for row in rows:
            added = table.add_row()
            # 允许跨页断行 off: a row split over two pages leaves its number on one page and half its text on the next.
            added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell, value in zip(added.cells, row, strict=True):
                self._cell(cell, "" if value is None else str(value))
        if widths_mm:
            table.autofit = False
            # LibreOffice and WPS lay a table out from its grid columns, Word from the cells: set both.
            for col, width in zip(table.columns, widths_mm, strict=True):
                col.width = Mm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths_mm, strict=True):
                    cell.width = Mm(width)
        return table

    @staticmethod
    def _cell(cell, text, bold=False, align=None):
        p = _off_grid(cell.paragraphs[0])  # on the grid, each 小四 line would take a whole 28.95 pt row
        if align is not None:
            p.alignment = align
        set_font(p.add_run(xml_text(text)), FONT_BODY, SIZE_TABLE, bold)

    def signature(self, org_name: str, when: date | str):
        """发文机关署名 and 成文日期 for a document without a seal; see ``signature_indents`` for the rule.

        The name is right-aligned; the date is placed by its first character, ``signature_date_indent`` from the
        left, so the two-character shift holds whatever width a substitute font gives the date's numerals.
        """
        date_text = chinese_date(when)
        name_indent, _ = signature_indents(org_name, date_text)
        self.blank_line(keep_with_next=True)
        name = _no_auto_space(self._paragraph(WD_ALIGN_PARAGRAPH.RIGHT, Pt(0), keep_with_next=True))
        name.paragraph_format.right_indent = Pt(CHAR_ADVANCE.pt * name_indent)
        set_font(name.add_run(xml_text(org_name)), FONT_BODY, SIZE_BODY)
        day = _no_auto_space(self._paragraph(WD_ALIGN_PARAGRAPH.LEFT, Pt(0)))
        day.paragraph_format.left_indent = signature_date_indent(org_name, date_text)
        set_font(day.add_run(xml_text(date_text)), FONT_BODY, SIZE_BODY)
        return [name, day]

    # -- output --------------------------------------------------------------------------------------------------

    def save(self, path_or_stream):
        self.document.save(path_or_stream)

    def to_bytes(self) -> bytes:
        buf = BytesIO()
        self.save(buf)
        return buf.getvalue()


def docx_response(doc_bytes: bytes, filename: str) -> HttpResponse:
    """RFC 5987 quoting: a plain ``filename=`` with Chinese characters arrives garbled in some browsers."""
    response = HttpResponse(doc_bytes, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
