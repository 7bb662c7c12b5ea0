"""The imbalance analysis: who is compared with whom, in-service members counted where they report, and the
street's own threshold, set by its committee only (through the action, with its history)."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from dangjian.assessment.scores import actions
from dangjian.assessment.scores.analysis import analyse
from dangjian.assessment.scores.models import AnalysisRule
from dangjian.coop.models import JointActivity
from dangjian.core import metrics
from dangjian.core.workflow import Refused
from dangjian.members.models import PartyMember
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.testing import world

YEAR = 2018
RULE = reverse("assessment:analysis_rule")


def test_it_leaves_a_unit_with_nothing_to_divide_out_of_the_median(street):
    communities = list(Organization.objects.filter(path__startswith=street.path, kind=OrgKind.COMMUNITY_COMMITTEE))
    scope = metrics.Scope()
    families, _ = analyse(scope, street, date(YEAR, 1, 1), date(YEAR, 12, 31))
    coop = next(f for f in families if f["family"] == "coop")
    assert all(coop["table"][c.pk]["inservice_participation"] is None for c in communities)
    assert not [x for x in coop["findings"] if x.key == "inservice_participation"]
    JointActivity.objects.create(organization=communities[0], title="读书会", date=date(YEAR, 3, 3))
    families, _ = analyse(scope, street, date(YEAR, 1, 1), date(YEAR, 12, 31))
    coop = next(f for f in families if f["family"] == "coop")
    assert coop["table"][communities[0].pk]["joint_activities"] == 1


def test_it_shows_a_community_the_in_service_members_who_reported_to_it(community_a, community_b):
    member = PartyMember.objects.filter(branch__path__startswith=community_b.path).first()
    secretary = world.user("secretary_a")
    assert not PartyMember.objects.visible_to(secretary).filter(pk=member.pk).exists()
    PartyMember.objects.filter(pk=member.pk).update(in_service=True, registered_community=community_a,
                                                    employer="市财政局")
    assert PartyMember.objects.visible_to(secretary).filter(pk=member.pk).exists()
    rows = metrics.rows("inservice_registered", metrics.Scope(secretary), community_a, date(2000, 1, 1),
                        timezone.localdate())
    assert rows.filter(pk=member.pk).exists()
    assert not PartyMember.objects.visible_to(world.user("secretary_b")).filter(
        pk__in=PartyMember.objects.filter(branch__path__startswith=community_a.path, in_service=False)).exists()


def test_it_saves_the_streets_threshold_and_records_who_set_it(login, street):
    client = login("street_admin")
    page = client.get(reverse("assessment:analysis"), {"within": street.pk})
    assert page.context["may_set"] and f'action="{RULE}"' in page.content.decode()
    response = client.post(RULE, {"street": street.pk, "threshold_percent": "40", "older_age": "58"})
    assert response.status_code == 302 and response["Location"].endswith(f"?within={street.pk}")
    rule = AnalysisRule.objects.get(street=street)
    assert (rule.threshold_percent, rule.older_age) == (40, 58)
    assert LogEntry.objects.get_for_object(rule).first().actor == world.user("street")
    assert client.get(reverse("assessment:analysis"), {"within": street.pk}).context["threshold"] == 40


@pytest.mark.parametrize("values", [{"threshold_percent": "99", "older_age": "58"},
                                    {"threshold_percent": "abc", "older_age": "58"},
                                    {"threshold_percent": "40", "older_age": "20"}])
def test_it_refuses_a_threshold_out_of_range_and_saves_nothing(login, street, values):
    response = login("street_admin").post(RULE, {"street": street.pk, **values}, follow=True)
    assert "应在" in response.content.decode()
    assert not AnalysisRule.objects.filter(street=street).exists()


@pytest.mark.parametrize("persona", ["cadre", "district_viewer", "secretary_a"])
def test_it_lets_only_the_streets_committee_set_its_threshold(login, street, community_a, persona):
    client = login(persona)
    assert not client.get(reverse("assessment:analysis")).context["may_set"]
    assert client.post(RULE, {"street": street.pk, "threshold_percent": "30", "older_age": "50"}).status_code \
        in (403, 404)
    assert not AnalysisRule.objects.filter(street=street).exists()
    with pytest.raises(Refused) as refused:
        actions.set_analysis_rule(world.user(world.PERSONAS[persona]), street, "30", "50")
    assert refused.value.status == 403
