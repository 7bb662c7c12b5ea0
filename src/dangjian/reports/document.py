"""The report as a .docx in the GB/T 9704 layout, with the 数据来源 appendix listing every figure.

The order is the standard's: 正文, 附件说明 (“附件：数据来源”), 署名 and 成文日期, then the appendix on a new page.
"""

from datetime import date

from dangjian.core.io.officialdoc import OfficialDocument

from .composer import Report
from .letterhead import template_for

APPENDIX_TITLE = "数据来源"


UNDATED_NOTE = "（此类记录无日期，按生成报告时的现状统计）"


def appendix_rows(report: Report):
    """编号, 指标, 数值, 口径 of every figure. The 口径 of a figure counted from undated records says so once: the
    note is added only where the metric's own definition does not already say “无日期”."""
    year_span = (report.start or date(report.year, 1, 1), report.end or date(report.year, 12, 31))
    for fig in report.figures:
        note = "" if (fig.start, fig.end) == year_span else f"（统计期间：{fig.period}）"
        if not fig.metric.dated and "无日期" not in fig.definition:
            note += UNDATED_NOTE
        yield [fig.id, fig.label, f"{fig.text}{fig.metric.unit}", f"{fig.definition}{note}"]


def build_docx(report: Report) -> bytes:
    doc = OfficialDocument(letterhead=template_for(report.org))  # a street's own letterhead, if it has one
    writers = {"title": doc.title, "recipient": doc.recipient, "h1": doc.heading1, "h2": doc.heading2,
               "h3": doc.heading3}
    for block in report.blocks:
        if block.kind in writers:
            writers[block.kind](block.text)
        elif block.kind in ("p", "narrative"):
            doc.paragraph(block.text)
        elif block.kind == "signature":
            doc.attachments([APPENDIX_TITLE])
            doc.signature(block.text, report.signed_on)
    doc.appendix_title("附件")
    doc.title(APPENDIX_TITLE)
    start, end = report.start or date(report.year, 1, 1), report.end or date(report.year, 12, 31)
    upto = "" if (end.month, end.day) == (12, 31) else "（截至报告生成之日）"
    doc.paragraph(f"本报告中的数字均由平台按下列口径从工作记录中自动统计，统计期间除注明者外均为{start.year}年"
                  f"{start.month}月{start.day}日至{end.month}月{end.day}日{upto}；每一项可在平台“年度报告”页面点击数字"
                  f"查看所统计的记录。")
    doc.table(["编号", "指标", "数值", "口径"], list(appendix_rows(report)), widths_mm=(14, 44, 24, 74))
    return doc.to_bytes()
