"""The annual report as a 公文 (GB/T 9704-2012): the .docx read back as Word would see it, and the PDF LibreOffice
makes of it measured line by line with poppler (one conversion for the module: each takes seconds)."""

import io
import os
import re
import shutil
import subprocess
import unicodedata
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from dangjian.core.io import officialdoc as od
from dangjian.core.io.pdf import docx_to_pdf, libreoffice_path
from dangjian.testing import world

PT_PER_MM = 72 / 25.4
TOP = 37 * PT_PER_MM  # the text block starts 37 mm down the page
LEFT, RIGHT = 28 * PT_PER_MM, (210 - 26) * PT_PER_MM
BOTTOM = (297 - 35) * PT_PER_MM
PITCH = 28.95  # 225 mm / 22 lines, as Word stores it (579 twips)
ADVANCE = 15.75  # a 三号 character on the 28-character line
STOPS = "，、。；：？！）》”’"  # may not start a line (避头点)
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")

# Marked, though only the module's fixture reads the database: pytest-django creates the test database only for the
# collected tests that ask for one, and without it this module alone would run against the configured database.
pytestmark = [pytest.mark.django_db, pytest.mark.one_database("sqlite", "a .docx and the PDF LibreOffice makes of it")]


@pytest.fixture(scope="module")
def docx_bytes(django_db_setup, django_db_blocker, tmp_path_factory):
    """The street's report of this year on the suite's clock, written by the command a secretary runs; whatever
    composing it stores is rolled back."""
    out = tmp_path_factory.mktemp("layout") / "report.docx"
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("report", "--org", str(world.street().pk), "--year", str(timezone.localdate().year),
                     "-o", str(out), stdout=io.StringIO())
        transaction.set_rollback(True)
    return out.read_bytes()


@pytest.fixture(scope="module")
def doc(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def _east_asia(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def _body(doc):
    """Paragraphs up to the appendix: the 公文 itself."""
    paragraphs = doc.paragraphs
    end = next(i for i, p in enumerate(paragraphs) if p.paragraph_format.page_break_before)
    return paragraphs[:end], paragraphs[end:]


def _headings(doc):
    body, _ = _body(doc)
    return [p for p in body if HEADING.match(p.text)]


def test_it_sets_the_page_and_the_22_by_28_document_grid(doc):
    section = doc.sections[0]
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(getattr(section, f"{side}_margin") - Mm(mm)) < Mm(0.05), side
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch, char_space = int(grid.get(qn("w:linePitch"))), int(grid.get(qn("w:charSpace")))
    height = section.page_height.twips - section.top_margin.twips - section.bottom_margin.twips
    width = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
    assert (line_pitch, char_space) == (579, -842)  # 每页22行、每行28字 of 三号, computed as Word does
    assert 22 * line_pitch <= height < 23 * line_pitch
    char_pitch_twips = (16 + char_space / 4096) * 20
    assert 28 * char_pitch_twips <= width < 29 * char_pitch_twips
    # Its own paragraphs carry the grid's metrics and opt out, so no renderer's reading of the grid moves them.
    body, _ = _body(doc)
    for p in body:
        assert p._p.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"
        assert p.paragraph_format.line_spacing.pt == PITCH


def test_it_names_the_chinese_font_of_every_run(doc):
    body, appendix = _body(doc)
    title, recipient = body[0], body[2]
    assert {(_east_asia(r), r.font.name, r.font.size.pt) for r in title.runs} == {(od.FONT_TITLE, "方正小标宋简体", 22)}
    assert recipient.text.endswith("：") and _east_asia(recipient.runs[0]) == "仿宋_GB2312"
    for p in _headings(doc):
        assert {_east_asia(r) for r in p.runs} == {"楷体_GB2312" if p.text[0] == "（" else "黑体"}, p.text
    texts = [p for p in body[3:] if p.text.strip() and not HEADING.match(p.text)]
    assert {_east_asia(r) for p in texts for r in p.runs} == {"仿宋_GB2312"}
    assert {r.font.size.pt for p in texts for r in p.runs} == {16}
    assert _east_asia(appendix[0].runs[0]) == "黑体"
    section = doc.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                        WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == align and "PAGE" in p._p.xml and p.text.startswith("— ") and p.text.endswith(" —")
        assert {_east_asia(r) for r in p.runs} == {"宋体"}


def test_it_keeps_every_heading_with_its_paragraph_and_every_page_full(doc):
    body, _ = _body(doc)
    headings = _headings(doc)
    assert len(headings) >= 6
    for p in [body[0], *headings]:
        fmt = p.paragraph_format
        assert fmt.keep_with_next and fmt.keep_together, p.text
    for p in body:
        assert p.paragraph_format.widow_control is False, p.text  # 孤行控制 would leave pages of 21 or 20 lines


def test_it_closes_the_text_with_the_attachment_line_then_the_signature(doc):
    body, appendix = _body(doc)
    i = next(i for i, p in enumerate(body) if p.text.startswith("附件"))
    blank, line, gap, name, day = body[i - 1], body[i], body[i + 1], body[i + 2], body[i + 3]
    assert line.text == "附件：数据来源" and blank.text == gap.text == ""  # 正文下空一行; no stop after the name
    fmt = line.paragraph_format
    assert abs((fmt.left_indent or 0) + (fmt.first_line_indent or 0) - Mm(0)) - od.BODY_INDENT < Mm(0.1)
    assert _east_asia(line.runs[0]) == "仿宋_GB2312"
    assert name.text.startswith("中共") and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", day.text)
    assert body[i + 4:] == []
    # The appendix: a new page, “附件” on its first line, its title on the third.
    assert appendix[0].text == "附件" and appendix[1].text == "" and appendix[2].text == "数据来源"
    assert appendix[0].paragraph_format.page_break_before and appendix[0].paragraph_format.first_line_indent == 0
    assert appendix[2].alignment == WD_ALIGN_PARAGRAPH.CENTER and _east_asia(appendix[2].runs[0]) == "方正小标宋简体"
    assert not any('w:type="page"' in p._p.xml for p in doc.paragraphs)  # no page-break paragraph left behind


# -- the PDF --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_path(docx_bytes, tmp_path_factory):
    missing = [tool for tool in ("pdftotext", "pdffonts") if shutil.which(tool) is None]
    if libreoffice_path() is None or missing:
        if os.environ.get("DANGJIAN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"LibreOffice and poppler-utils are required here (missing: {missing or 'soffice'})")
        pytest.skip("LibreOffice or poppler-utils not installed")
    path = tmp_path_factory.mktemp("layout-pdf") / "report.pdf"
    path.write_bytes(docx_to_pdf(docx_bytes))
    return path


def _pages(pdf_path):
    """Each page as its text lines, top to bottom: (row on the 22-line grid, x0, x1, text); page numbers left out."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml)).iter(f"{ns}page"):
        rows = {}
        for line in page.iter(f"{ns}line"):
            y0, y1 = float(line.get("yMin")), float(line.get("yMax"))
            if y0 > BOTTOM:
                continue
            row = int(((y0 + y1) / 2 - TOP) // PITCH) + 1
            words = [(float(w.get("xMin")), float(w.get("xMax")), w.text or "") for w in line.iter(f"{ns}word")]
            rows.setdefault(row, []).extend(words)
        pages.append([(row, min(w[0] for w in ws), max(w[1] for w in ws), "".join(w[2] for w in sorted(ws)))
                      for row, ws in sorted(rows.items())])
    return pages


@pytest.fixture(scope="module")
def pages(pdf_path):
    pages = _pages(pdf_path)
    appendix = next(i for i, lines in enumerate(pages) if lines and lines[0][3] == "附件")
    return pages[:appendix], pages[appendix:]


def test_the_pdf_holds_22_lines_of_28_characters_on_every_full_page(pages, doc):
    body, _ = pages
    assert len(body) >= 2
    headings = ["".join(p.text.split()) for p in _headings(doc)]
    for n, lines in enumerate(body[:-1], 1):
        rows = [row for row, *_ in lines]
        assert rows == sorted(set(rows)) and rows[-1] <= 22, (n, rows)
        # A page ends on line 22, or earlier by the lines of a heading that took its lines with it to the next page
        # (a heading is kept whole and with the first line of its paragraph), or by up to 4 when the closing block
        # (blank line, 附件说明, blank line, 署名, 成文日期: kept together) did not fit.
        following = [text for _, _, _, text in body[n]]
        held = 0  # the lines of the headings at the top of the next page (a 一、 heading and the （一） right under it)
        while held < len(following):
            heading = next((h for h in headings if h.startswith(following[held][:6])), None)
            k = next((k for k in range(1, 4) if heading and "".join(following[held:held + k]).startswith(heading)), 0)
            if not k:
                break
            held += k
        held = 4 if following[0].startswith("附件：") else held
        assert 22 - held <= rows[-1] <= 22 and (held or rows[-1] == 22), (n, rows[-1], following[0])
    full = [lines for lines in body if len(lines) == 22]
    assert full, [len(lines) for lines in body]
    # A line of full-width characters that fills the line, the next going on with a character (not with numerals,
    # which do not break, nor a stop, which may not start a line), holds 28 — fewer when stops after the 28th took
    # the character before them to the next line (标点不出版心, see ``test_every_stop_of_the_text_is_printed``).
    checked = 0
    for lines in body:
        for (_, x0, x1, text), (_, _, _, following) in zip(lines, lines[1:], strict=False):
            wide = all(unicodedata.east_asian_width(c) in ("W", "F") for c in text)
            if wide and abs(x0 - LEFT) < 2 and x1 > RIGHT - ADVANCE / 2 and following[:1].isalpha() and \
                    unicodedata.east_asian_width(following[0]) == "W":
                stops = len(following) - 1 - len(following[1:].lstrip(STOPS))  # taken along: “送）、”
                assert len(text) == 28 or 28 - stops <= len(text) < 28, (text, following)
                checked += 1
    assert checked >= 5


def test_no_pdf_page_ends_on_a_heading(pages, doc):
    body, _ = pages
    headings = ["".join(p.text.split()) for p in _headings(doc)]
    for n, lines in enumerate(body, 1):
        last = lines[-1][3]
        assert not any(h.endswith(last) and len(last) >= 2 for h in headings), (n, last)


def test_the_pdf_signs_with_the_date_two_characters_right_of_the_name(pages, doc):
    body, appendix = pages
    body_doc, _ = _body(doc)
    name_text, day_text = body_doc[-2].text, body_doc[-1].text
    lines = body[-1]
    (row_name, name_x0, name_x1, _), = [line for line in lines if line[3] == name_text]
    (row_day, day_x0, _, _), = [line for line in lines if line[3] == day_text]
    assert row_day == row_name + 1
    assert abs(RIGHT - name_x1 - 2 * ADVANCE) < 3  # 署名右空二字
    assert abs(day_x0 - name_x0 - 2 * ADVANCE) < 3  # 首字比署名首字右移二字
    attachment = [line for line in lines if line[3] == "附件：数据来源"]
    assert attachment and attachment[0][0] == row_name - 2 and abs(attachment[0][1] - LEFT - 2 * ADVANCE) < 3
    # The appendix page: “附件” on line 1, flush left; its title on line 3.
    first = appendix[0]
    assert first[0][:2] == (1, pytest.approx(LEFT, abs=2)) and first[0][3] == "附件"
    assert first[1][0] == 3 and first[1][3] == "数据来源"


def test_the_pdf_embeds_the_mapped_fonts_not_one_fallback(pdf_path):
    out = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    fonts = [line.split()[0].split("+")[-1] for line in out.splitlines()[2:]]
    assert all(" yes " in line for line in out.splitlines()[2:])  # every font embedded
    names = " ".join(fonts)
    assert re.search(r"NotoSerifCJK\w*-Bold", names), fonts  # 方正小标宋简体: the title
    assert re.search(r"NotoSerifCJK\w*-Regular", names), fonts  # 仿宋_GB2312 and 宋体: text and page numbers
    assert "NotoSansCJK" in names, fonts  # 黑体: 一级标题, 附件
    assert "WenKai" in names or "UKai" in names, fonts  # 楷体_GB2312: 二级标题


def test_it_keeps_every_appendix_row_on_one_page(doc):
    table = doc.tables[-1]
    header, *rows = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert len(rows) >= 20
    for row in rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None, row.cells[0].text


def test_the_appendix_says_once_that_records_are_undated(doc):
    definitions = [row.cells[3].text for row in doc.tables[-1].rows[1:]]
    undated = [text for text in definitions if "无日期" in text]
    assert undated
    assert all(text.count("无日期") == 1 for text in undated), [t for t in undated if t.count("无日期") > 1]


def _squeezed(text):
    return re.sub(r"\s+", "", text)


def test_every_stop_of_the_text_is_printed_inside_the_text_block(pdf_path, pages, doc):
    """Every character of the 正文 and the appendix's note, stops included, is on the PDF page (LibreOffice drops
    some stops it hangs in the margin), and no glyph of any page lies right of the text block."""
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    printed = re.sub(r"—\d+—", "", _squeezed(text))  # page numbers in paragraphs running over a page
    paragraphs = [_squeezed(p.text) for p in doc.paragraphs if p.text.strip()]
    assert len(paragraphs) > 30
    missing = [p for p in paragraphs if p not in printed]
    assert not missing, missing
    assert sum(p.count(stop) for p in paragraphs for stop in "，、。；") <= sum(printed.count(s) for s in "，、。；")
    body, appendix = pages
    beyond = [(n, text, round(x1 - RIGHT, 1)) for n, lines in enumerate(body + appendix, 1)
              for _, _, x1, text in lines if x1 > RIGHT + 1]
    assert not beyond, beyond
