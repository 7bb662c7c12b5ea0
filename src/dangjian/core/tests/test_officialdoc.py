"""The 公文 writer: layout read back from the saved bytes, the way Word or WPS would see it."""

import os
import re
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dangjian.core.io import officialdoc as od
from dangjian.core.io.pdf import PdfUnavailable, docx_to_pdf, libreoffice_path

ORG = "某某街道某某社区居民委员会"
WHEN = date(2026, 12, 1)
BODY = ("为深入贯彻落实党的基层组织建设各项要求，进一步推动街道社区党建工作提质增效，现将有关情况报告如下。"
        "各社区党组织坚持以党建引领基层治理，把服务群众、凝聚群众作为工作的出发点和落脚点，取得了积极成效。")


def _build() -> od.OfficialDocument:
    doc = od.OfficialDocument()
    doc.title("关于2026年度基层党建工作\n情况的报告")
    doc.recipient("区委组织部")
    for n, (h1, h2, h3) in enumerate([("一、经验做法", "（一）强化组织引领", "1．健全工作机制"),
                                      ("二、存在问题", "（一）基础工作不够扎实", "1．台账不够规范"),
                                      ("三、下步打算", "（一）抓好队伍建设", "1．加强培训")]):
        doc.heading1(h1)
        doc.heading2(h2)
        doc.heading3(h3)
        for _ in range(7):
            doc.paragraph(BODY)
        doc.paragraph(["其中，", ("重点任务", {"bold": True}), f"共{n + 3}项。"])
    doc.signature(ORG, WHEN)
    doc.appendix_title("附件")
    doc.title("基层党建重点任务清单")
    doc.table(("序号", "任务", "责任单位"), [(i, f"任务{i}", "社区党委") for i in range(1, 6)], widths_mm=(20, 96, 40))
    return doc


@pytest.fixture(scope="module")
def docx_bytes():
    return _build().to_bytes()


@pytest.fixture(scope="module")
def reread(docx_bytes):
    return Document(BytesIO(docx_bytes))


def _east_asia(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def _find(doc, text):
    return next(p for p in doc.paragraphs if p.text.startswith(text))


def test_it_lays_out_an_a4_page_with_the_standard_margins(reread):
    section = reread.sections[0]
    for actual, expected in ((section.page_width, Mm(210)), (section.page_height, Mm(297)),
                             (section.top_margin, Mm(37)), (section.bottom_margin, Mm(35)),
                             (section.left_margin, Mm(28)), (section.right_margin, Mm(26))):
        assert abs(actual - expected) < Mm(0.05)


def test_it_sets_the_title_in_xiaobiaosong_22pt_centred(reread):
    title = reread.paragraphs[0]
    assert title.text == "关于2026年度基层党建工作\n情况的报告"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for run in title.runs:
        assert run.font.name == od.FONT_TITLE == "方正小标宋简体" and _east_asia(run) == od.FONT_TITLE
        assert run.font.size == Pt(22)
    assert reread.paragraphs[1].text == ""  # the blank line after the title


def test_it_writes_the_recipient_flush_left_with_a_colon(reread):
    p = reread.paragraphs[2]
    assert p.text == "区委组织部："
    assert p.paragraph_format.first_line_indent == 0 and p.alignment is None
    assert _east_asia(p.runs[0]) == od.FONT_BODY


def test_it_sets_body_text_on_the_22_line_grid(reread):
    p = _find(reread, BODY[:10])
    fmt = p.paragraph_format
    assert _east_asia(p.runs[0]) == "仿宋_GB2312" and p.runs[0].font.name == "仿宋_GB2312"
    assert p.runs[0].font.size == Pt(16)
    assert fmt.first_line_indent == Pt(32)
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(fmt.line_spacing.pt - 28.95) < 0.03 and fmt.line_spacing.pt * 22 <= od.TEXT_HEIGHT_PT
    assert fmt.space_before == 0 and fmt.space_after == 0
    # Condensed just enough that the 156 mm line holds 28 characters, as GB/T 9704 asks.
    spacing = int(p.runs[0]._element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + spacing) <= (210 - 28 - 26) / 25.4 * 72 < 29 * (16 + spacing)
    normal = reread.styles["Normal"]
    assert normal.font.size == Pt(16) and normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_it_mixes_plain_and_bold_runs_in_one_paragraph(reread):
    p = _find(reread, "其中，")
    assert [(r.text, bool(r.font.bold)) for r in p.runs] == [("其中，", False), ("重点任务", True), ("共3项。", False)]


def test_it_sets_each_heading_level_in_its_own_font(reread):
    for text, font, bold in (("一、", "黑体", None), ("（一）", "楷体_GB2312", None), ("1．", "仿宋_GB2312", True)):
        p = _find(reread, text)
        assert _east_asia(p.runs[0]) == font and p.runs[0].font.bold == bold
        assert p.paragraph_format.first_line_indent == Pt(32)
        assert p.paragraph_format.line_spacing == od.LINE_PITCH


def test_it_numbers_odd_and_even_pages_with_a_page_field(reread, docx_bytes):
    section = reread.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer,
                                                                        WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        xml = p._p.xml
        kinds = re.findall(r'w:fldCharType="(\w+)"', xml)
        assert kinds == ["begin", "separate", "end"] and re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment == align and all(_east_asia(r) == "宋体" and r.font.size == Pt(14) for r in p.runs)
        fmt = p.paragraph_format
        indent = fmt.right_indent if align == WD_ALIGN_PARAGRAPH.RIGHT else fmt.left_indent
        assert indent == Pt(14)
    assert reread.settings.element.find(qn("w:evenAndOddHeaders")) is not None


def test_it_places_the_signature_per_gbt_9704(reread):
    paragraphs = reread.paragraphs
    i = next(i for i, p in enumerate(paragraphs) if p.text == ORG)
    name, day = paragraphs[i], paragraphs[i + 1]
    assert paragraphs[i - 1].text == ""  # one blank line after the text
    assert day.text == "2026年12月1日"
    # The name right-aligned 2 characters (of 15.75 pt on the 28-character line) from the margin; the date placed by
    # its first character, 2 characters right of the name's first, whatever width a font gives its numerals.
    assert name.alignment == WD_ALIGN_PARAGRAPH.RIGHT and day.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert abs(name.paragraph_format.right_indent.pt - 2 * 15.75) < 0.05
    line = (210 - 28 - 26) / 25.4 * 72
    name_starts = line - name.paragraph_format.right_indent.pt - 13 * 15.75
    assert abs(day.paragraph_format.left_indent.pt - (name_starts + 2 * 15.75)) < 0.1
    assert day._p.pPr.find(qn("w:autoSpaceDE")).get(qn("w:val")) == "0"  # no padding around the numerals


def test_it_keeps_the_date_two_characters_from_the_margin_when_it_is_longer_than_the_name():
    assert od.signature_indents("某某社区居民委员会", "2026年12月1日") == (2, 2.5)
    # A 3-character name over a 7-character date: the date keeps 2, the name moves left so the shift stays 2.
    assert od.signature_indents("某社区", "2026年12月31日") == (8, 2)
    assert od.chinese_date(date(2026, 1, 5)) == "2026年1月5日"


def test_it_builds_an_appendix_table_with_a_bold_header(reread):
    assert _find(reread, "附件").runs[0].font.name == "黑体"
    table = reread.tables[0]
    assert table.style.name == "Table Grid" and len(table.rows) == 6
    head, first = table.rows[0].cells[0].paragraphs[0].runs[0], table.rows[1].cells[1].paragraphs[0].runs[0]
    assert head.font.bold and _east_asia(head) == "仿宋_GB2312" and head.font.size == Pt(12)
    assert first.text == "任务1" and not first.font.bold and first.font.size == Pt(12)
    assert abs(table.rows[1].cells[1].width - Mm(96)) < Mm(0.1)


def test_it_offers_a_download_response_with_a_utf8_filename(docx_bytes):
    response = od.docx_response(docx_bytes, "报告 2026.docx")
    assert response["Content-Type"] == od.DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A%202026.docx"


def test_it_converts_to_a_pdf_of_several_pages(docx_bytes):
    if libreoffice_path() is None:
        if os.environ.get("DANGJIAN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice is required here (apt-get install libreoffice-writer-nogui)")
        with pytest.raises(PdfUnavailable):
            docx_to_pdf(docx_bytes)
        pytest.skip("LibreOffice not installed")
    pdf = docx_to_pdf(docx_bytes)
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 3
