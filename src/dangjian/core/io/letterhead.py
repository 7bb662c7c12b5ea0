"""A street's own letterhead: its .docx template as the base of the 公文 the platform writes in its name.

A committee that has a 红头 (发文机关标志, the red 分隔线, perhaps a page header or a 版记) keeps it in Word; the
platform must not redraw it. So the uploaded .docx is opened as the document itself: its page setup, headers,
footers, styles and everything above the paragraph that reads ``{{正文}}`` (the 版头) stay exactly as the
committee made them, and `OfficialDocument` writes the body where that paragraph was. What follows the marker
(a signature block, a 版记) stays after the body. A template may carry ``{{署名}}`` and ``{{成文日期}}``: the
document's signature fills them in place of the standard 署名 block; without ``{{署名}}`` the standard block of
GB/T 9704 is written. Without a template nothing here runs and the default layout is unchanged.

Templates are checked once, when uploaded (`check_template`): a file that is not a real .docx, has no (or more
than one) body marker, refers to files outside itself, or cannot carry a trial document is refused with a message
saying what to change.
"""

import copy
import zipfile
from io import BytesIO

from docx import Document
from docx.document import _Body
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Emu, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

BODY_MARKER = "{{正文}}"
SIGNATURE_MARKER = "{{署名}}"
DATE_MARKER = "{{成文日期}}"

MAX_TEMPLATE_MB = 5
# A .docx is a zip: a few kilobytes may unpack to gigabytes. A letterhead is text and a logo or two.
MAX_UNPACKED_MB = 50
MAX_PARTS = 500

RED = RGBColor(0xFF, 0x00, 0x00)
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class TemplateRefused(ValueError):
    """A template the platform will not use; the message says, in Chinese, what to change."""


# -- checking an upload ----------------------------------------------------------------------------------------

def check_template(data: bytes) -> None:
    """Refuse (`TemplateRefused`) anything that would not make a sound 公文; return quietly otherwise."""
    if len(data) > MAX_TEMPLATE_MB * 1024 * 1024:
        raise TemplateRefused(f"模板文件超过 {MAX_TEMPLATE_MB}MB，请删去其中的大图片后再上传。")
    not_docx = TemplateRefused("上传的文件不是有效的 Word 文档（.docx）。请在 Word 或 WPS 中“另存为” .docx 格式后再上传"
                               "（.doc、.wps、.dotx 和 PDF 文件不能作为模板）。")
    if not data.startswith(b"PK\x03\x04"):
        raise not_docx
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            parts = archive.infolist()
            rels = [archive.read(p) for p in parts if p.filename.endswith(".rels") and p.file_size < 1024 * 1024]
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        raise not_docx from None
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_MB * 1024 * 1024:
        raise TemplateRefused(f"模板文件解压后超过 {MAX_UNPACKED_MB}MB，不能作为模板。")
    names = {p.filename.lower() for p in parts}
    if any(n.endswith("vbaproject.bin") or n.startswith("word/activex/") for n in names):
        raise TemplateRefused("模板中含有宏或 ActiveX 控件，请删去后另存为 .docx 再上传。")
    if any(_external_reference(r) for r in rels):
        raise TemplateRefused("模板引用了文档以外的文件或网址（链接的图片、附加模板等），请在 Word 中将其嵌入或删去后"
                              "再上传。")
    try:
        document = Document(BytesIO(data))
    except Exception:  # python-docx raises whatever the broken part makes lxml or zipfile raise
        raise not_docx from None
    _body_marker(document)
    try:  # a trial document: what the platform writes must fit in this template and read back
        from .officialdoc import OfficialDocument

        trial = OfficialDocument(letterhead=data)
        trial.title("模板试用")
        trial.paragraph("正文段落。")
        trial.table(["项目", "内容"], [["一", "二"]])
        trial.signature("署名", "2026年1月1日")
        Document(BytesIO(trial.to_bytes()))
    except TemplateRefused:
        raise
    except Exception:
        raise TemplateRefused("模板的结构无法用于生成公文，请在 Word 中新建文档制作版头后再上传。") from None


def _external_reference(rels_xml: bytes) -> bool:
    """A relationship to something outside the file, other than a hyperlink: a linked picture, an attached
    template fetched when the document opens (a known way to make Word call a remote server)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(rels_xml, parser)
    except etree.XMLSyntaxError:
        return True
    return any(rel.get("TargetMode") == "External" and not rel.get("Type", "").endswith("/hyperlink")
               for rel in root)


def _text(p_elm) -> str:
    return "".join(t.text or "" for t in p_elm.iter(qn("w:t")))


def _body_marker(document):
    """The one top-level body paragraph that reads ``{{正文}}`` (nothing else in it)."""
    body = document.element.body
    anywhere = [p for p in body.iter(qn("w:p")) if BODY_MARKER in _text(p)]
    own = [p for p in body.iterchildren(qn("w:p")) if _text(p).strip() == BODY_MARKER]
    if not anywhere:
        raise TemplateRefused(f"模板中没有正文位置标记。请在版头（红头和红色分隔线）之后单独起一段，只写“{BODY_MARKER}”"
                              f"（含两对大括号），平台生成公文时在这里写入正文。")
    if len(anywhere) > 1:
        raise TemplateRefused(f"模板中有 {len(anywhere)} 处“{BODY_MARKER}”，正文位置标记只能有一处。")
    if not own:
        raise TemplateRefused(f"“{BODY_MARKER}”必须单独成段，不能写在表格、文本框或其他文字之中。")
    return own[0]


# -- writing into a template -----------------------------------------------------------------------------------

class _BodyBefore(_Body):
    """The document body, with new paragraphs and tables put before `anchor` instead of at the end.

    python-docx appends every block at the end of the body; the template's tail (signature block, 版记) must stay
    after what is written, so the document's body proxy is this one (python-docx 1.x keeps it in
    ``Document._Document__body``; reports/tests/test_letterhead.py fails on a version that does not).
    """

    def __init__(self, body_elm, parent, anchor):
        super().__init__(body_elm, parent)
        self.anchor = anchor

    def _add_paragraph(self):
        p = OxmlElement("w:p")
        self.anchor.addprevious(p)
        return Paragraph(p, self)

    def add_table(self, rows, cols, width):
        tbl = CT_Tbl.new_tbl(rows, cols, width)
        self.anchor.addprevious(tbl)
        return Table(tbl, self)


class LetterheadTemplate:
    """An opened template: the python-docx document `OfficialDocument` writes into, and its markers."""

    def __init__(self, data: bytes):
        self.document = Document(BytesIO(data))
        marker = _body_marker(self.document)
        body = self.document.element.body
        anchor = marker.getnext()
        if marker.find(qn("w:pPr")) is not None and marker.find(qn("w:pPr")).find(qn("w:sectPr")) is not None:
            # The marker ends a section: keep it, empty, as that boundary, and write before it.
            for child in list(marker):
                if child.tag != qn("w:pPr"):
                    marker.remove(child)
            anchor = marker
        else:
            body.remove(marker)
        if anchor is None:  # a body with no final section properties: append at the end
            anchor = OxmlElement("w:p")
            body.append(anchor)
        self.body = _BodyBefore(body, self.document, anchor)
        self.document._Document__body = self.body
        _add_missing_styles(self.document)
        # The document's own title is set by the first `title()`; the template's file properties are not its.
        self.document.core_properties.title = ""
        self.document.core_properties.author = ""

    @property
    def signs(self) -> bool:
        """The template has its own 署名 block (``{{署名}}``), which replaces the standard one."""
        return any(SIGNATURE_MARKER in _text(p) for p in self._paragraphs())

    def has_footer(self) -> bool:
        """Whether any footer the template defines holds text or a field (then page numbers are its business)."""
        for section in self.document.sections:
            for footer in (section.footer, section.even_page_footer, section.first_page_footer):
                if footer.is_linked_to_previous:
                    continue
                xml = footer._element
                if _text(xml).strip() or xml.find(".//" + qn("w:fldSimple")) is not None \
                        or xml.find(".//" + qn("w:instrText")) is not None:
                    return True
        return False

    def keep_header_on_even_pages(self) -> None:
        """GB/T page numbers need separate odd and even footers, which turns on separate even-page headers too: an
        even page would lose the template's header unless it is copied there (with the pictures it refers to)."""
        for section in self.document.sections:
            header = section.header
            if header.is_linked_to_previous or not section.even_page_header.is_linked_to_previous:
                continue
            source = header._get_or_add_definition()
            even = section.even_page_header
            even.is_linked_to_previous = False
            target = even._get_or_add_definition()
            element = target.element
            for child in list(element):
                element.remove(child)
            for child in source.element:
                clone = copy.deepcopy(child)
                _relink(clone, source, target)
                element.append(clone)

    def sign(self, org_name: str, date_text: str) -> None:
        """Fill ``{{署名}}`` and ``{{成文日期}}``. The block holding them (with the date when it follows the name)
        moves up to where the document now ends, so what comes next — an appendix — follows the signature and
        precedes the rest of the template (its 版记), as GB/T 9704 orders them."""
        names = [p for p in self._paragraphs() if SIGNATURE_MARKER in _text(p)]
        dates = [p for p in self._paragraphs() if DATE_MARKER in _text(p)]
        for p in names:
            _replace(p, SIGNATURE_MARKER, org_name)
        for p in dates:
            _replace(p, DATE_MARKER, date_text)
        end = self._block(names[-1]) if names else None
        if end is None:
            return
        for following in end.itersiblings():
            if any(following is d or following in d.iterancestors() for d in dates):
                end = following
                break
            if following.tag != qn("w:p") or _text(following).strip():
                break  # the date is not part of the block (a 版记's 印发日期): the block ends at the name
        if end is self.body.anchor or end in set(self.body.anchor.itersiblings()):
            after = end.getnext()
            if after is None or after.tag == qn("w:sectPr"):
                after = OxmlElement("w:p")
                end.addnext(after)
            self.body.anchor = after

    def fill_date(self, date_text: str) -> None:
        """``{{成文日期}}`` wherever the template put it (the standard 署名 block carries the date itself)."""
        for p in self._paragraphs():
            if DATE_MARKER in _text(p):
                _replace(p, DATE_MARKER, date_text)

    def _block(self, p_elm):
        """The top-level block of the body holding `p_elm` (None in a header or footer)."""
        body, block = self.document.element.body, p_elm
        while block.getparent() is not None and block.getparent() is not body:
            block = block.getparent()
        return block if block.getparent() is body else None

    def _paragraphs(self):
        """Every paragraph of the body, tables and text boxes included, and of every header and footer."""
        yield from self.document.element.body.iter(qn("w:p"))
        for section in self.document.sections:
            for part in (section.header, section.even_page_header, section.first_page_header, section.footer,
                         section.even_page_footer, section.first_page_footer):
                if not part.is_linked_to_previous:
                    yield from part._element.iter(qn("w:p"))


def _replace(p_elm, old: str, new: str) -> None:
    """Replace `old` by `new` in a paragraph whose text Word may have split over several runs ("{{", "署名", "}}");
    the first run of each occurrence takes the new text and keeps its formatting."""
    texts = list(p_elm.iter(qn("w:t")))
    while True:
        full = "".join(t.text or "" for t in texts)
        at = full.find(old)
        if at < 0:
            return
        end, pos, first = at + len(old), 0, True
        for t in texts:
            s = t.text or ""
            start, stop = pos, pos + len(s)
            pos = stop
            if stop <= at or start >= end:
                continue
            a, b = max(at, start) - start, min(end, stop) - start
            t.text = s[:a] + (new if first else "") + s[b:]
            t.set(qn("xml:space"), "preserve")
            first = False


def _relink(element, source_part, target_part) -> None:
    """Point the relationship ids in a copied header element (pictures) at the same parts from the new header."""
    for el in element.iter():
        for attr, value in list(el.attrib.items()):
            if attr.startswith(f"{{{_R_NS}}}") and value in source_part.rels:
                rel = source_part.rels[value]
                if rel.is_external:
                    continue
                el.set(attr, target_part.relate_to(rel.target_part, rel.reltype))


def _add_missing_styles(document) -> None:
    """Styles the writer names (the appendix table's "Table Grid") that a Word-made template may lack, copied from
    python-docx's own template; none of the template's styles is changed, and none copied becomes a default."""
    styles = document.styles.element
    present = {s.get(qn("w:styleId")) for s in styles.iterchildren(qn("w:style"))}
    for style in Document().styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) not in present:
            clone = copy.deepcopy(style)
            clone.attrib.pop(qn("w:default"), None)
            styles.append(clone)


def open_letterhead(doc, data: bytes) -> LetterheadTemplate:
    """Make the `OfficialDocument` `doc` write into the template `data` (called by its constructor)."""
    template = LetterheadTemplate(data)
    doc.document = template.document
    if not template.has_footer():
        template.keep_header_on_even_pages()
        doc._setup_page_numbers(doc.document.sections[0])
    standard = doc.signature

    def signature(org_name, when):
        from .officialdoc import chinese_date

        if template.signs:
            template.sign(org_name, chinese_date(when))
            return []
        template.fill_date(chinese_date(when))
        return standard(org_name, when)

    signature.__doc__ = "The template's own 署名 block when it has one, else the standard block (GB/T 9704)."
    doc.signature = signature
    return template


# -- a template to start from -----------------------------------------------------------------------------------

def starter_template(issuer_mark: str) -> bytes:
    """A template in the GB/T 9704 layout to edit in Word: the 发文机关标志 (`issuer_mark`, e.g.
    "中共××街道工作委员会文件") in red 小标宋, the red 分隔线, then the body marker. The signature is left to the
    standard block (its indents follow the name's length); add ``{{署名}}`` / ``{{成文日期}}`` to place them."""
    from .officialdoc import FONT_TITLE, MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH, OfficialDocument, set_font, text_width

    doc = OfficialDocument()
    mark = doc.blank_line()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.line_spacing = None
    # As large as one line of the text block holds (a long name must not break in two), at most 36 pt.
    fits = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT).pt / max(text_width(issuer_mark), 1)
    run = set_font(mark.add_run(issuer_mark), FONT_TITLE, Pt(max(16, min(36, int(fits) - 1))))
    run.font.color.rgb = RED
    line = doc.blank_line()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", "FF0000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    line._p.get_or_add_pPr().insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
        "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
        "w:rPr", "w:sectPr", "w:pPrChange")
    doc.blank_line()  # GB/T 9704 7.3.1: the title two lines below the red line
    doc.blank_line()
    doc.paragraph(BODY_MARKER, indent=False)
    return doc.to_bytes()
