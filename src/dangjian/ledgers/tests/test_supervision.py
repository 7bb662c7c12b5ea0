"""Supervision (督办) reaches the responsible organization and settles when the item does."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from dangjian.ledgers import actions
from dangjian.ledgers.models import Problem, SupervisionNotice
from dangjian.testing import world


def test_supervision_reaches_the_responsible_organization_and_settles(community_a, street):
    past = timezone.localdate() - timedelta(days=2)
    problem = actions.create_problem(world.user("street"), street, title="街道发现的问题", category="service",
                                     source="inspection", responsible_org=community_a, deadline=past,
                                     found_on=past - timedelta(days=20),
                                     responsible_person=world.user("member").person)
    call_command("remind", stdout=open("/dev/null", "w"))
    recipients = set(SupervisionNotice.objects.filter(problem=problem).values_list("recipient__username", flat=True))
    assert recipients == {"secretary_a"}  # the member cannot open the problem, so is not sent a dead link
    Problem.objects.get(pk=problem.pk).delete()
    call_command("remind", force=True, stdout=open("/dev/null", "w"))  # again the same day
    assert not SupervisionNotice.objects.filter(problem=problem, closed_at__isnull=True).exists()
