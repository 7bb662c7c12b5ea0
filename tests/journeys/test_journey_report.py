"""The street writes its annual report from the records: reads the preview, checks a figure's rows, sets its
letterhead and full name, downloads the 公文; a year without records is refused; the district reads it."""

from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FULL_NAME = "中共示范区北关街道工作委员会"


def _docx(actor, link_name: str) -> Document:
    with actor.page.expect_download() as download:
        actor.page.get_by_role("link", name=link_name).first.click()
    return Document(BytesIO(open(download.value.path(), "rb").read()))


def _lines(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def test_the_street_writes_its_annual_report_on_its_own_letterhead(journey):
    j = journey("report", "街道生成年度落实情况报告：核对数字、设置署名和版头、下载公文")
    year = timezone.localdate().year

    street = j.actor("street", "street")
    street.nav("年度落实情况报告")
    preview = street.page.locator(".report-preview")
    assert "一、主要做法和成效" in preview.inner_text() and "三、下一步工作打算" in preview.inner_text()
    assert FULL_NAME in preview.inner_text()
    street.step("在“年度落实情况报告”打开本年度的报告：正文按做法、问题、打算三部分由平台从工作记录写成，"
                "蓝色的数字都可以点开。", focus=preview.locator("h3").first)

    figure = preview.locator("a[data-figure]").first
    value = figure.inner_text().strip()
    street.follow(figure)
    assert value in street.text("main"), "the rows page does not say the figure's number"
    street.step(f"点报告里的数字（这里是 {value}），打开它统计的每一条记录，与台账逐条核对；"
                "也可以导出为 Excel。")
    street.page.go_back()
    street.page.wait_for_load_state()

    appendix = street.page.get_by_test_id("appendix")
    street.page.locator("summary", has_text="附件：数据来源").click()
    assert "考核要求" in appendix.inner_text() or "中位数" in appendix.inner_text()
    street.step("展开下方“附件：数据来源”：每个数字的口径、统计期间都列在这里，"
                "文中用到的中位数、考核要求和明年目标也在其中。", focus=appendix)

    street.nav("公文署名与版头")
    assert street.page.get_by_test_id("signature").inner_text().startswith(FULL_NAME)
    starter = street.page.get_by_test_id("download-template")
    with street.page.expect_download() as download:
        starter.click()
    template = open(download.value.path(), "rb").read()
    assert "{{正文}}" in "\n".join(p.text for p in Document(BytesIO(template)).paragraphs)
    street.step("在“公文署名与版头”查看署名（按区、街道全称自动生成）；下载标准版式的模板，"
                "在 Word 里改成本街道的版头（红头、红线），保留“{{正文}}”一行。", focus=starter)

    street.page.get_by_label("上传版头模板（.docx）").set_input_files({
        "name": "北关街道版头.docx", "buffer": template,
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
    street.click("保存")
    assert not street.errors(), street.errors()
    assert "北关街道版头.docx" in street.page.get_by_test_id("template").inner_text()
    street.step("上传改好的模板并保存：此后以党工委名义制发的公文都套用这个版头；"
                "不是 Word 文件或缺少“{{正文}}”的模板会被拒绝。", focus=street.page.get_by_test_id("template"))

    street.click("年度落实情况报告", role="link")
    doc = _docx(street, "下载 Word")
    lines = _lines(doc)
    header = "\n".join(p.text for p in doc.paragraphs[:lines.index(next(x for x in lines if "三张清单" in x))])
    assert "{{正文}}" not in "\n".join(lines) and "一、主要做法和成效" in lines
    assert FULL_NAME in lines and "附件：数据来源" in lines
    assert header.strip(), "the letterhead's lines above the title are missing"
    street.step("回到报告点“下载 Word”：公文套用本街道的版头，署名为党工委全称，正文后注明“附件：数据来源”，"
                "附件列出每个数字的来源。", focus=street.page.get_by_role("link", name="下载 Word"))

    street.page.locator("select[name=year]").select_option(str(year - 4))
    street.click("查看")
    assert "没有" in street.message() and street.page.locator("a[data-figure]").count() == 0
    street.step("选一个平台上还没有记录的年度：系统说明该年度没有可报告的工作记录，不生成一份全是零的报告。",
                focus=street.page.locator("main .alert").first)

    district = j.actor("district", "district")
    district.nav("年度落实情况报告")
    district.choose("组织", "北关街道党工委")
    district.click("查看")
    assert FULL_NAME in district.page.locator(".report-preview").inner_text()
    assert "您可以查看和下载本报告" in district.text("main")
    district.step("区委组织部打开街道的报告：可以查看、点开数字和下载，补充段落只能由街道填写。",
                  focus=district.page.locator(".report-preview h3").first)
