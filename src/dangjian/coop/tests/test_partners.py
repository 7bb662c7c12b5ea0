"""Partner units of the community's 大党委 and their agreements: placed only in one's own community, read by
the committee, refused to read-only roles, and ended early only with a reason kept in the history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dangjian.coop.metrics import partner_units
from dangjian.coop.models import CoBuildAgreement, PartnerUnit

from .helpers import history, steps_of

PARTNER_FORM = {"name": "市图书馆", "kind": "resident_unit", "contact_name": "王馆长", "contact_phone": "13800138000",
                "party_org": "市图书馆党支部", "member_count": "12", "leader_on_committee": "on"}


@pytest.fixture
def partner(community_a):
    return PartnerUnit.objects.create(organization=community_a, name="第三供电所", kind="resident_unit")


def test_it_adds_a_partner_and_an_agreement_in_force(login, community_a):
    client = login("secretary_a")
    assert client.post("/coop/partners/add/", {"organization": community_a.pk, **PARTNER_FORM}).status_code == 302
    partner = PartnerUnit.objects.get(name="市图书馆")
    assert history(partner)[0].actor.username == "secretary_a"
    page = client.get(f"/coop/partners/{partner.pk}/").content.decode()
    assert "138****8000" in page and "13800138000" not in page and "负责人任社区大党委兼职委员" in page

    today = timezone.localdate()
    bad = client.post("/coop/agreements/add/", {"partner": partner.pk, "resource_sharing": "图书流动站",
                                                "start": today.isoformat(),
                                                "end": (today - timedelta(days=1)).isoformat()})
    assert bad.status_code == 200 and "截止日期不能早于起始日期" in bad.context["form"].errors["end"][0]
    assert not partner.agreements.exists()
    client.post("/coop/agreements/add/", {"partner": partner.pk, "resource_sharing": "图书流动站",
                                          "start": (today - timedelta(days=30)).isoformat(),
                                          "end": (today + timedelta(days=335)).isoformat()})
    page = client.get(f"/coop/partners/{partner.pk}/").content.decode()
    assert "图书流动站" in page and "有效" in page and "提前终止" in page
    assert partner in partner_units(PartnerUnit.objects.all(), community_a, today, today)


def test_it_hides_a_sibling_communitys_partner_and_refuses_read_only_roles(login, partner, community_a):
    url, edit = f"/coop/partners/{partner.pk}/", f"/coop/partners/{partner.pk}/edit/"
    form = {"organization": community_a.pk, **PARTNER_FORM, "name": "改名"}
    other = login("secretary_b")
    assert other.get(url).status_code == 404 and other.post(edit, form).status_code == 404
    assert partner not in other.get("/coop/").context["object_list"]
    response = other.post("/coop/partners/add/", {**form, "name": "越界单位"})
    assert response.status_code == 200 and "organization" in response.context["form"].errors
    cadre = login("cadre")
    page = cadre.get(url).content.decode()
    assert "第三供电所" in page and f'href="{edit}"' not in page
    assert cadre.post(edit, form).status_code == 403
    assert cadre.post("/coop/partners/add/", {**form, "name": "只读新增"}).status_code == 403
    for persona in ("member", "resident"):
        assert login(persona).get("/coop/").status_code == 404, persona
        assert login(persona).get(url).status_code == 404, persona
    assert PartnerUnit.objects.get(pk=partner.pk).name == "第三供电所"
    assert not PartnerUnit.objects.filter(name__in=["越界单位", "只读新增", "改名"]).exists()


def test_it_ends_an_agreement_early_only_with_a_reason_and_keeps_it_in_the_history(login, partner, community_a):
    today = timezone.localdate()
    agreement = CoBuildAgreement.objects.create(partner=partner, start=today - timedelta(days=100),
                                                end=today + timedelta(days=265), joint_activities="每月一次")
    url = f"/coop/agreements/{agreement.pk}/end/"
    client = login("secretary_a")
    assert "须写明原因" in client.post(url, {"reason": "撤"}, follow=True).content.decode()
    assert login("cadre").post(url, {"reason": "只读角色终止"}).status_code == 403
    assert login("secretary_b").post(url, {"reason": "兄弟社区终止"}).status_code == 404
    assert CoBuildAgreement.objects.get(pk=agreement.pk).end == today + timedelta(days=265)

    assert "已终止共建协议" in client.post(url, {"reason": "单位搬离本辖区"}, follow=True).content.decode()
    agreement.refresh_from_db()
    assert agreement.end == today
    assert steps_of(agreement) == [("终止协议", "secretary_a", "单位搬离本辖区")]
    assert history(agreement)[-1].changes_dict["end"] == [str(today + timedelta(days=265)), str(today)]
    assert "已不在有效期内" in client.post(url, {"reason": "再次终止协议"}, follow=True).content.decode()
    tomorrow = today + timedelta(days=1)
    assert partner not in partner_units(PartnerUnit.objects.all(), community_a, tomorrow, tomorrow + timedelta(30))
    assert "提前终止" not in client.get(f"/coop/partners/{partner.pk}/").content.decode()
