"""The annual report: 公文 layout, every figure equal to the rows behind it, the imbalance rule, past years."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from dangjian.assessment.scores.analysis import analyse, lagging
from dangjian.coop.models import JointActivity
from dangjian.core import metrics
from dangjian.ledgers.models import Problem
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.reports.composer import compose
from dangjian.testing import world


def _year() -> int:
    """This year on the suite's clock (read per test: the clock is pinned after the module is imported)."""
    return timezone.localdate().year


def _east_asia(run):
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.fixture
def docx_bytes(street, tmp_path):
    out = tmp_path / "report.docx"
    call_command("report", "--org", str(street.pk), "--year", str(_year()), "-o", str(out), stdout=io.StringIO())
    return out.read_bytes()


def test_it_writes_the_report_in_the_official_layout(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < 640 and abs(section.page_height - Mm(297)) < 640
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(getattr(section, f"{side}_margin") - Mm(mm)) < 640, side
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    title = paragraphs[0]
    assert "三张清单" in title.text
    assert _east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert paragraphs[1].text == "区委组织部："
    body = paragraphs[2]
    assert _east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)
    h1 = next(p for p in paragraphs if p.text.startswith("一、"))
    assert _east_asia(h1.runs[0]) == "黑体" and h1.runs[0].font.size == Pt(16)
    h2 = next(p for p in paragraphs if p.text.startswith("（一）"))
    assert _east_asia(h2.runs[0]) == "楷体_GB2312"
    assert any(p.text.startswith("二、") for p in paragraphs) and any(p.text.startswith("三、") for p in paragraphs)
    footer_xml = section.footer._element.xml + section.even_page_footer._element.xml
    assert footer_xml.count("PAGE") >= 2 and "—" in footer_xml
    assert any("数据来源" in p.text for p in paragraphs)
    assert doc.tables and doc.tables[-1].rows[0].cells[0].text == "编号"


def test_it_lists_for_every_figure_exactly_the_rows_it_counts(login, street):
    client = login("street_admin")
    report = compose(street, _year(), metrics.Scope(world.user("street")))
    # What the committee sends is the .docx: its appendix must hold each figure's number as the page counts it.
    sent = client.get(reverse("reports:annual") + f"?within={street.pk}&year={_year()}&format=docx")
    appendix = {row.cells[0].text: row.cells[2].text for row in Document(io.BytesIO(sent.content)).tables[-1].rows[1:]}
    assert appendix == {f.id: f"{f.text}{f.metric.unit}" for f in report.figures}
    counted = [f for f in report.figures if f.url and not f.stated]  # a stated figure links to where it is set
    assert len(counted) >= 40 and sum(1 for f in counted if f.value) >= 20
    for fig in counted:
        response = client.get(f"{fig.url}&format=xlsx")
        assert response.status_code == 200, fig.key
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if any(v not in (None, "") for v in r)]
        if fig.metric.sum_field:
            listed = sum((Decimal(str(r[-1])) for r in rows), Decimal(0))
            assert listed.quantize(Decimal("0.1")) == fig.value, fig.key
        else:
            assert len(rows) == fig.value, fig.key
    for fig in report.figures:
        if fig.parts:
            assert fig.value == metrics.derive(fig.metric, fig.parts[0].value, fig.parts[1].value)
    page = client.get(reverse("reports:annual") + f"?within={street.pk}&year={_year()}").content.decode()
    shown = {p.id for b in report.blocks for p in b.parts if not isinstance(p, str)}
    assert shown and all(f'data-figure="{fid}"' in page for fid in shown)
    assert all(f"<td>{fig.id}</td>" in page for fig in report.figures)  # the appendix lists parts too


def _street_with(values: dict[str, int]):
    district = Organization.add_root(name="测试区", kind=OrgKind.DISTRICT)
    street = district.add_child(name="测试街道党工委", kind=OrgKind.STREET_COMMITTEE)
    made = {}
    for name, count in values.items():
        community = street.add_child(name=name, kind=OrgKind.COMMUNITY_COMMITTEE)
        made[name] = community
        JointActivity.objects.bulk_create(
            JointActivity(organization=community, title=f"活动{i}", date=date(_year(), 1, 1)) for i in range(count))
    return street, made


def test_it_names_exactly_the_communities_below_the_stated_rule(db):
    # median 8; at the default 50% a community lags below 4
    street, made = _street_with({"甲社区": 10, "乙社区": 9, "丙社区": 8, "丁社区": 3, "戊社区": 0})
    families, threshold = analyse(metrics.Scope(), street, date(_year(), 1, 1), date(_year(), 12, 31))
    assert threshold == 50
    coop = next(f for f in families if f["family"] == "coop")
    named = {x.org.name for x in coop["findings"] if x.key == "joint_activities"}
    assert named == {"丁社区", "戊社区"}
    section = next(b for b in compose(street, _year()).blocks if b.kind == "p" and "丁社区联创共建活动" in b.text)
    assert "丁社区" in section.text and "戊社区" in section.text
    assert "甲社区" not in section.text and "丙社区" not in section.text


def test_it_applies_the_rule_in_both_directions():
    assert lagging("joint_activities", {1: Decimal(10), 2: Decimal(2), 3: Decimal(5)}, Decimal(50))[2] == [2]
    # less is better for the theory-only share: above 150% of the median lags
    assert lagging("training_theory_share", {1: Decimal(40), 2: Decimal(100), 3: Decimal(60)}, Decimal(50))[2] == [2]
    assert lagging("joint_activities", {1: Decimal(0), 2: Decimal(0), 3: Decimal(4)}, Decimal(50))[2] == []


def test_it_reproduces_a_past_year_from_the_records_dated_in_it(street, community_a):
    # a year with nothing in it is refused (test_figures_honest.py): give last year one record
    JointActivity.objects.create(organization=community_a, title="去年的活动", date=date(_year() - 1, 6, 1))
    before = [(f.id, f.key, f.value) for f in compose(street, _year() - 1).figures]
    Problem.objects.create(organization=community_a, title="新问题", category="other", source="self",
                           found_on=date(_year(), 1, 5))
    JointActivity.objects.create(organization=community_a, title="新活动", date=date(_year(), 1, 6))
    assert [(f.id, f.key, f.value) for f in compose(street, _year() - 1).figures] == before


def test_it_shows_a_secretary_their_community_report_and_hides_the_street(login, street, community_a, community_b):
    client = login("secretary_a")
    url = reverse("reports:annual")
    assert client.get(f"{url}?within={community_a.pk}").status_code == 200
    assert client.get(f"{url}?within={street.pk}").status_code == 404
    assert client.get(f"{url}?within={community_b.pk}").status_code == 404
    assert login("member").get(url).status_code == 404


def test_it_saves_narratives_but_never_the_numbers(login, street):
    client = login("street_admin")
    url = reverse("reports:annual") + f"?within={street.pk}&year={_year()}"
    response = client.post(url, {"title": "", "recipient": "区委组织部", "signed_on": f"{_year()}-12-20",
                                 "n_causes": "<script>alert(1)</script>四是基础保障还有短板。"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "四是基础保障还有短板。" in page and "<script>alert(1)" not in page
    report = compose(street, _year(), report=street.annual_reports.get(year=_year()))
    assert any(b.kind == "narrative" and "四是基础保障" in b.text for b in report.blocks)
    assert report.signed_on == date(_year(), 12, 20)


def test_it_refuses_figures_outside_the_users_scope(login, community_a, community_b):
    client = login("secretary_a")
    url = reverse("reports:figure", kwargs={"key": "problems_found"})
    assert client.get(f"{url}?within={community_a.pk}").status_code == 200
    assert client.get(f"{url}?within={community_b.pk}").status_code == 404
    assert client.get(reverse("reports:figure", kwargs={"key": "no_such"}) + f"?within={community_a.pk}").status_code \
        == 404
    assert login("member").get(url).status_code == 404


def test_it_lists_the_rows_of_every_figure_in_a_fixed_number_of_queries(login, street):
    from dangjian.testing.queries import count_queries

    client = login("street_admin")
    for m in metrics.all_metrics():
        if m.rows is None:
            continue
        url = metrics.rows_url(m.key, street, date(_year() - 1, 1, 1), date(_year(), 12, 31))
        client.get(url)
        status, n = count_queries(client, url)
        assert status == 200 and n <= 20, (m.key, n)


def test_it_writes_the_docx_even_when_a_narrative_was_pasted_with_control_characters(login, street):
    client = login("street_admin")
    url = reverse("reports:annual") + f"?within={street.pk}&year={_year()}"
    client.post(url, {"title": "", "recipient": "区委组织部\x0b", "signed_on": "", "n_opening": "abc\x01def"})
    response = client.get(url + "&format=docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "abcdef" in text and "\x01" not in text


def test_it_says_so_when_the_dates_asked_for_are_not_dates(login, community_a):
    client = login("secretary_a")
    url = reverse("reports:figure", kwargs={"key": "problems_found"}) + f"?within={community_a.pk}&start=2026-13-45"
    response = client.get(url, follow=True)
    assert response.status_code == 200 and "日期填写有误" in response.content.decode()


def test_it_lists_the_rows_of_the_organization_named_by_within(login, street, community_a):
    client = login("street_admin")
    url = reverse("reports:figure", kwargs={"key": "problems_found"})
    year = _year()
    whole = client.get(url, {"within": street.pk, "year": year}).context
    one = client.get(url, {"within": community_a.pk, "year": year}).context
    assert (whole["org"], one["org"]) == (street, community_a)
    scope = metrics.Scope(world.user("street"))
    span = (date(year, 1, 1), date(year, 12, 31))
    assert one["paginator"].count == metrics.value("problems_found", scope, community_a, *span)
    assert whole["paginator"].count == metrics.value("problems_found", scope, street, *span)
    assert all(p.organization.path.startswith(community_a.path) for p in one["object_list"])


def test_it_lets_only_the_organizations_staff_save_the_narratives(login, street):
    url = reverse("reports:annual") + f"?within={street.pk}&year={_year()}"
    data = {"title": "", "recipient": "区委组织部", "signed_on": "", "n_causes": "由区里写的段落"}
    for persona in ("cadre", "district_viewer"):
        assert login(persona).post(url, data).status_code == 403, persona
    assert not street.annual_reports.exists()
    response = login("street_admin").post(url, data)
    saved = street.annual_reports.get(year=_year())
    assert response["Location"] == saved.get_absolute_url() == url
    assert saved.updated_by == world.user("street")
