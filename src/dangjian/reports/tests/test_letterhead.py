"""A street's own 署名 and letterhead on the documents issued in its name, read back from the real .docx."""

import io
import os
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from dangjian.core import tree
from dangjian.core.io.letterhead import TemplateRefused, check_template
from dangjian.core.io.pdf import libreoffice_path
from dangjian.core.roles import Role
from dangjian.orgs.actions import create_organization
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization, RoleAssignment
from dangjian.reports.letterhead import default_signature, district_area
from dangjian.reports.models import Letterhead
from dangjian.testing import world
from dangjian.testing.factories import UserFactory

DEFAULT = "中共示范区北关街道工作委员会"  # the tiny world's street 北关街道党工委 under 示范区委组织部
HEADER = "北关街道党工委（页眉）"
MARK = "中共示范区北关街道工作委员会文件"
TAIL = "抄送：区委组织部。"
PAGE = reverse("reports:letterhead")
ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def _year() -> int:
    return timezone.localdate().year


def _template(*, marker=("{{", "正文", "}}"), signature_block=False, markers=1, in_table=False) -> bytes:
    """A letterhead as Word makes one: a page header, the red 发文机关标志, the red line (a paragraph's red bottom
    border), the body marker split over runs as Word splits it, and a 版记 after it."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = HEADER
    doc.add_paragraph(MARK)
    line = doc.add_paragraph()
    borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:color", "FF0000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    line._p.get_or_add_pPr().append(borders)
    for _ in range(markers):
        if in_table:
            doc.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].text = "".join(marker)
        else:
            p = doc.add_paragraph()
            for part in marker:
                p.add_run(part)
    if signature_block:
        doc.add_paragraph("{{署名}}")
        doc.add_paragraph().add_run("{{成文").bold = True
        doc.paragraphs[-1].add_run("日期}}")
    doc.add_paragraph(TAIL)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _upload(client, street, data=None, name="版头模板.docx", signature="", remove=False):
    post = {"signature": signature}
    if data is not None:
        post["template"] = SimpleUploadedFile(name, data)
    if remove:
        post["remove_template"] = "on"
    return client.post(f"{PAGE}?within={street.pk}", post)


def _report(client, org) -> Document:
    response = client.get(reverse("reports:annual") + f"?within={org.pk}&year={_year()}&format=docx")
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def _red_line(paragraph) -> bool:
    bottom = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    return bottom is not None and bottom.get(qn("w:color")) == "FF0000"


def test_it_derives_the_committee_full_name_from_the_tree(street):
    assert default_signature(street) == DEFAULT
    assert [district_area(n) for n in ("示范区委组织部", "示范区区委", "海淀区委", "示范区")] == ["示范区"] * 2 + [
        "海淀区", "示范区"]
    later = Organization(name="城东区北关街道党工委", short_name="城东区北关街道", kind=OrgKind.STREET_COMMITTEE)
    assert default_signature(later, "城东区委组织部") == "中共城东区北关街道工作委员会"  # not 城东区城东区


def test_it_signs_the_street_report_with_the_committee_full_name(login, street):
    doc = _report(login("street_admin"), street)
    texts = _texts(doc)
    assert DEFAULT in texts and "中共北关街道党工委" not in texts
    assert doc.sections[0].header.is_linked_to_previous  # the standard layout: no template, no header
    assert texts[0].startswith("关于")  # the title opens the document, as before


def test_it_signs_with_the_name_the_street_set(login, street):
    client = login("street_admin")
    response = _upload(client, street, signature="中共示范区北关街道委员会")
    assert response.status_code == 302
    assert "中共示范区北关街道委员会" in client.get(f"{PAGE}?within={street.pk}").content.decode()
    texts = _texts(_report(client, street))
    assert "中共示范区北关街道委员会" in texts and DEFAULT not in texts
    page = client.get(reverse("reports:annual") + f"?within={street.pk}&year={_year()}").content.decode()
    assert "中共示范区北关街道委员会" in page
    entry = LogEntry.objects.get_for_object(Letterhead.objects.get(street=street)).get()
    assert entry.actor == world.user("street")


def test_it_writes_the_report_on_the_street_letterhead(login, street):
    client = login("street_admin")
    assert _upload(client, street, _template()).status_code == 302
    doc = _report(client, street)
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == HEADER
    assert section.even_page_header.paragraphs[0].text == HEADER  # odd and even page numbers keep the header
    body = doc.paragraphs
    assert body[0].text == MARK and _red_line(body[1])
    assert body[2].text.startswith("关于")  # the body stands where {{正文}} stood
    texts = _texts(doc)
    assert "{{正文}}" not in "".join(texts) and "正文" not in texts
    assert DEFAULT in texts  # the template has no {{署名}}: the standard block signs
    assert texts[-1] == TAIL  # the 版记 closes the document, after the appendix (GB/T 9704: 附件 before 版记)
    assert texts.index(DEFAULT) < texts.index("数据来源") < texts.index(TAIL)
    assert doc.tables[-1].rows[0].cells[0].text == "编号"
    footer = section.footer._element.xml + section.even_page_footer._element.xml
    assert footer.count("PAGE") >= 2  # the template had no footer: GB/T page numbers are added


def test_it_fills_the_template_signature_block(login, street):
    client = login("street_admin")
    response = _upload(client, street, _template(signature_block=True), signature="中共示范区北关街道委员会")
    assert response.status_code == 302
    texts = _texts(_report(client, street))
    signed = timezone.localdate()
    assert "中共示范区北关街道委员会" in texts and f"{signed.year}年{signed.month}月{signed.day}日" in texts
    assert not any("{{" in t for t in texts)
    name_at = texts.index("中共示范区北关街道委员会")
    assert texts[name_at + 1] == f"{signed.year}年{signed.month}月{signed.day}日"
    assert name_at < texts.index("附件") < texts.index(TAIL)  # the signature block moved up before the appendix
    assert texts.count("中共示范区北关街道委员会") == 1  # no standard block besides the template's


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.7 not a word file", "不是有效的 Word 文档"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "不是有效的 Word 文档"),  # a .doc renamed
    (b"PK\x03\x04broken zip", "不是有效的 Word 文档"),
    ("no marker", "没有正文位置标记"),
    ("two markers", "只能有一处"),
    ("marker in a table", "必须单独成段"),
    ("external template", "引用了文档以外的文件"),
    ("huge", "超过 5MB"),
])
def test_it_refuses_a_bad_template_and_keeps_what_was_saved(login, street, data, message):
    client = login("street_admin")
    good = _template()
    assert _upload(client, street, good, signature="中共示范区北关街道委员会").status_code == 302
    before = Letterhead.objects.values().get(street=street)
    entries = LogEntry.objects.count()
    data = _bad(data) if isinstance(data, str) else data
    response = _upload(client, street, data, signature="另一个名字")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Letterhead.objects.values().get(street=street) == before  # neither the template nor the name changed
    assert LogEntry.objects.count() == entries
    with pytest.raises(TemplateRefused):
        check_template(data)


def _bad(kind: str) -> bytes:
    if kind == "no marker":
        return _template(marker=("正文写在这里",))
    if kind == "two markers":
        return _template(markers=2)
    if kind == "marker in a table":
        return _template(in_table=True)
    if kind == "external template":
        doc = Document(io.BytesIO(_template()))
        doc.part._settings_part.relate_to("http://example.com/normal.dotm", ATTACHED_TEMPLATE, is_external=True)
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()
    buf = io.BytesIO(_template())  # huge: a picture's worth of incompressible bytes, over 5 MB
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("word/media/image1.bin", os.urandom(6 * 1024 * 1024))
    return buf.getvalue()


def test_a_refused_first_upload_stores_nothing(login, street):
    response = _upload(login("street_admin"), street, _template(marker=("正文",)))
    assert "没有正文位置标记" in response.content.decode()
    assert not Letterhead.objects.filter(street=street).exists()


def test_it_returns_to_the_standard_layout_when_the_template_is_removed(login, street):
    client = login("street_admin")
    _upload(client, street, _template())
    assert _upload(client, street, remove=True).status_code == 302
    saved = Letterhead.objects.get(street=street)
    assert not saved.template and saved.template_name == ""
    doc = _report(client, street)
    assert _texts(doc)[0].startswith("关于") and MARK not in _texts(doc)


def test_an_unchanged_save_changes_nothing(login, street):
    client = login("street_admin")
    assert _upload(client, street).status_code == 302  # the form as first shown: empty name, no file
    assert not Letterhead.objects.filter(street=street).exists()
    _upload(client, street, _template(), signature="中共示范区北关街道委员会")
    saved = Letterhead.objects.values().get(street=street)
    entries = LogEntry.objects.count()
    assert _upload(client, street, signature="中共示范区北关街道委员会").status_code == 302
    assert Letterhead.objects.values().get(street=street) == saved and LogEntry.objects.count() == entries


def test_the_standard_template_to_start_from_round_trips(login, street):
    client = login("street_admin")
    response = client.get(f"{PAGE}?within={street.pk}&format=docx")
    assert response.status_code == 200 and response["Content-Security-Policy"].startswith("sandbox")
    starter = response.content
    check_template(starter)
    assert _upload(client, street, starter, name="标准版头.docx").status_code == 302
    texts = _texts(_report(client, street))
    assert texts[0] == MARK and texts[1].startswith("关于") and DEFAULT in texts
    stored = client.get(f"{PAGE}?within={street.pk}&format=docx")
    assert stored.content == starter  # what the street uploaded, byte for byte


def test_a_community_report_keeps_the_standard_layout_under_its_own_name(login, street, community_a):
    client = login("street_admin")
    _upload(client, street, _template())
    texts = _texts(_report(login("secretary_a"), community_a))
    assert MARK not in texts and HEADER not in "".join(texts) and texts[0].startswith("关于")
    assert f"中共{community_a.name}" in texts


def test_a_certificate_the_street_issues_is_on_its_letterhead(login, street):
    from dangjian.services.certificate import certificate_document
    from dangjian.services.models import Volunteer

    _upload(login("street_admin"), street, _template())
    volunteer = Volunteer.objects.filter(organization__path__startswith=street.path).first()
    volunteer.organization = street
    volunteer.save()
    doc = Document(io.BytesIO(certificate_document(volunteer, timezone.localdate().replace(month=1, day=1),
                                                   timezone.localdate()).to_bytes()))
    texts = _texts(doc)
    assert texts[0] == MARK and texts[1] == "志愿服务记录证明" and DEFAULT in texts and texts[-1] == TAIL


def _other_street_admin():
    district = Organization.objects.get(path=tree.parent_path(world.street().path))
    other = create_organization(district, name="南关街道党工委", short_name="南关街道", kind=OrgKind.STREET_COMMITTEE)
    user = UserFactory(username="nanguan_admin")
    RoleAssignment.objects.create(user=user, organization=other, role=Role.STREET_ADMIN, start="2020-01-01")
    return user, Organization.objects.get(pk=other.pk)


def test_another_streets_admin_and_a_community_get_404_and_change_nothing(login, street):
    user, other = _other_street_admin()
    street = world.street()  # paths may be renumbered when a sibling is added
    client = login("street_admin")
    _upload(client, street, _template(), signature="中共示范区北关街道委员会")
    saved = Letterhead.objects.values().get(street=street)
    for outsider in (login(user.username), login("secretary_a")):
        assert outsider.get(f"{PAGE}?within={street.pk}").status_code == 404
        assert outsider.get(f"{PAGE}?within={street.pk}&format=docx").status_code == 404
        assert _upload(outsider, street, _template(), signature="别人的名字").status_code == 404
    assert Letterhead.objects.values().get(street=street) == saved
    # The other street's admin sets their own street, and only theirs.
    assert login(user.username).get(f"{PAGE}?within={other.pk}").status_code == 200
    assert default_signature(other) == "中共示范区南关街道工作委员会"


def test_readers_see_the_settings_but_cannot_change_them(login, street):
    for persona in ("cadre", "district_viewer"):
        client = login(persona)
        page = client.get(f"{PAGE}?within={street.pk}")
        assert page.status_code == 200 and DEFAULT in page.content.decode()
        assert 'enctype="multipart/form-data"' not in page.content.decode()
        assert _upload(client, street, signature="别人的名字").status_code == 403
    assert not Letterhead.objects.filter(street=street).exists()


def test_the_menu_offers_the_page_to_street_admins_only(login, street):
    assert f'href="{PAGE}"' in login("street_admin").get(reverse("home")).content.decode()
    assert f'href="{PAGE}"' not in login("secretary_a").get(reverse("home")).content.decode()
    annual = login("street_admin").get(reverse("reports:annual") + f"?within={street.pk}").content.decode()
    assert f"{PAGE}?within={street.pk}" in annual


def test_the_letterhead_report_converts_to_pdf_with_its_header(login, street):
    if libreoffice_path() is None:
        if os.environ.get("DANGJIAN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice is required here")
        pytest.skip("LibreOffice is not installed")
    import shutil
    import subprocess

    client = login("street_admin")
    _upload(client, street, _template())
    asked = client.get(reverse("reports:annual") + f"?within={street.pk}&year={_year()}&format=pdf")
    started = client.post(reverse("job_start"), {"token": asked.context["token"]})  # a GET asks, the button starts
    assert started.status_code == 302  # a long job (core.longjobs): its page, then the file
    job = client.get(started["Location"]).context["job"]
    response = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    pdf = b"".join(response.streaming_content)
    assert response.status_code == 200 and pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert HEADER in text and MARK in text and DEFAULT in text and TAIL in text
