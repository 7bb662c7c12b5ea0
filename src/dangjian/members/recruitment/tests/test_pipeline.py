"""A person walked from application to full member across the time rules, with the clock pinned and moved."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry

from dangjian.core.dates import add_months
from dangjian.core.workflow import Refused
from dangjian.members.choices import Category
from dangjian.members.models import Candidate, PartyMember
from dangjian.members.recruitment import actions, rules
from dangjian.members.recruitment.choices import Stage, Step
from dangjian.people import idcard
from dangjian.people.models import Person
from dangjian.testing import clock, world

pytestmark = pytest.mark.django_db


def _branch():
    from dangjian.orgs.models import RoleAssignment

    return RoleAssignment.objects.get(user__username="branch").organization


def _new_person(branch, born, seq=7):
    return Person(organization=branch, name="林小满", id_number=idcard.make("110101", born, seq, "F"))


def _refusal(exc) -> str:
    return "；".join(exc.value.messages)


def _full_pair(branch):
    first, second = actions.full_members_of(branch).order_by("pk")[:2]
    return first, second


def test_it_walks_a_person_from_application_to_full_member():
    branch, today = _branch(), date.today()
    sec, above, sibling = world.user("branch"), world.user("secretary_a"), world.user("secretary_b")
    start = today
    person = _new_person(branch, date(start.year - 25, 3, 1))
    members_before = PartyMember.objects.count()

    c = actions.apply(sec, branch, person, start)
    assert c.stage == Stage.APPLICANT and c.next_step == Step.TALK
    assert c.next_due == add_months(start, 1)
    with pytest.raises(Refused) as exc:
        actions.talk(sec, c, start - timedelta(days=1), "王书记")
    assert f"（{rules.cn_date(start)}）" in _refusal(exc)
    with pytest.raises(Refused) as exc:  # order: no activist before the talk
        actions.make_activist(sec, c, start, *_full_pair(branch))
    assert "入党谈话" in _refusal(exc)

    with clock.at(start + timedelta(days=10)):
        c = actions.talk(sec, c, start + timedelta(days=10), "王书记", "了解入党动机")
    activist_day = start + timedelta(days=20)
    with clock.at(activist_day):
        c = actions.make_activist(sec, c, activist_day, *_full_pair(branch))
    assert c.stage == Stage.ACTIVIST

    one_year = add_months(activist_day, 12)
    with clock.at(one_year - timedelta(days=1)):
        with pytest.raises(Refused) as exc:
            actions.develop(sec, c, one_year - timedelta(days=1))
        assert _refusal(exc) == f"成为入党积极分子满一年后（{rules.cn_date(one_year)}起）方可确定为发展对象。"
        c = actions.observe(sec, c, one_year - timedelta(days=1), "表现良好")
    day = one_year
    with clock.at(day):
        c = actions.develop(sec, c, day)
        assert c.stage == Stage.DEVELOPMENT
        c = actions.review(sec, c, day, "政治审查合格")
        with pytest.raises(Refused) as exc:
            actions.training(sec, c, day, 2, 16)
        assert "24个学时" in _refusal(exc)
        c = actions.training(sec, c, day, 3, 24, "PX001")
        c = actions.introducers(sec, c, day, *_full_pair(branch))
        c = actions.committee_review(sec, c, day)
        with pytest.raises(Refused) as exc:
            actions.prereview(sec, c, day)
        assert exc.value.status == 403  # the branch never approves its own
        with pytest.raises(Refused):
            actions.prereview(sibling, c, day)
        c = actions.prereview(above, c, day)
    vote_day = day + timedelta(days=5)
    full = actions.full_members_of(branch).count()
    with clock.at(vote_day):
        with pytest.raises(Refused) as exc:  # not more than half of those entitled voted for it
            actions.vote(sec, c, vote_day, full, full, full // 2, full - full // 2)
        assert "半数" in _refusal(exc)
        c = actions.vote(sec, c, vote_day, full, full, full, 0)
    approve_day = vote_day + timedelta(days=20)
    with clock.at(approve_day):
        with pytest.raises(Refused) as exc:
            actions.approve(sec, c, approve_day)
        assert exc.value.status == 403
        c = actions.approve(above, c, approve_day)
        c = actions.oath(sec, c, approve_day)
    assert c.stage == Stage.PROBATIONARY
    member = PartyMember.objects.get(person=c.person)
    assert (member.category, member.join_date, member.branch_id) == (Category.PROBATIONARY, vote_day, branch.pk)
    assert c.member_id == member.pk

    end = add_months(vote_day, 12)
    assert c.next_step == Step.CONVERT_VOTE and c.next_from == end
    with clock.at(end - timedelta(days=1)):
        with pytest.raises(Refused) as exc:
            actions.convert_vote(sec, c, end - timedelta(days=1), full, full, full, 0)
        assert _refusal(exc) == f"预备期满后（{rules.cn_date(end)}起）方可召开支部大会讨论转正。"
    with clock.at(end + timedelta(days=3)):
        c = actions.convert_vote(sec, c, end + timedelta(days=3), full, full, full, 0)
        with pytest.raises(Refused):
            actions.convert_approve(sec, c, end + timedelta(days=3))
        c = actions.convert_approve(above, c, end + timedelta(days=3))
    member.refresh_from_db()
    assert c.stage == Stage.FULL and c.next_step == ""
    assert (member.category, member.full_date, member.join_date) == (Category.FULL, end, vote_day)
    assert PartyMember.objects.count() == members_before + 1  # made once, at approval, then converted
    assert PartyMember.objects.filter(person=c.person).count() == 1
    steps = list(c.steps.values_list("step", flat=True))
    assert steps[0] == Step.APPLY and steps[-1] == Step.CONVERT_APPROVE and Step.OBSERVE in steps
    entries = LogEntry.objects.get_for_object(c).filter(additional_data__step=Step.APPROVE.label)
    assert entries.get().actor == above
    assert LogEntry.objects.get_for_object(member).filter(additional_data__step="预备党员转正").exists()


def test_it_refuses_an_applicant_under_eighteen_naming_the_day():
    branch, today = _branch(), date.today()
    born = add_months(today, -12 * 17)
    with pytest.raises(Refused) as exc:
        actions.apply(world.user("branch"), branch, _new_person(branch, born, 9), today)
    assert f"{rules.cn_date(add_months(born, 12 * 18))}起方可申请" in _refusal(exc)
    assert not Candidate.objects.filter(person__name="林小满").exists()


def test_it_refuses_a_member_and_a_second_open_application():
    branch, today = _branch(), date.today()
    member = PartyMember.objects.filter(branch=branch).select_related("person").first()
    with pytest.raises(Refused) as exc:
        actions.apply(world.user("branch"), branch, member.person, today)
    assert "已是党员" in _refusal(exc)
    c = actions.apply(world.user("branch"), branch, _new_person(branch, date(1990, 1, 1), 11), today)
    with pytest.raises(Refused) as exc:
        actions.apply(world.user("branch"), branch, c.person, today)
    assert "已在发展党员程序中" in _refusal(exc)


def test_it_extends_probation_once_and_moves_conversion():
    c = Candidate.objects.filter(stage=Stage.PROBATIONARY, extended_on__isnull=True,
                                 branch__path__startswith=world.community("a").path).order_by("voted_on").first()
    sec = world.user("secretary_a")
    end = rules.probation_end(c)
    with clock.at(max(end, date.today())):
        day = max(end, date.today())
        with pytest.raises(Refused) as exc:
            actions.extend(sec, c, day, 3, "不够经常")
        assert "最短6个月" in _refusal(exc)
        c = actions.extend(sec, c, day, 6, "组织观念有待加强")
        assert rules.probation_end(c) == add_months(c.voted_on, 18)
        with pytest.raises(Refused) as exc:
            actions.extend(sec, c, day, 6, "再延长")
        assert "已经办理" in _refusal(exc)
        with pytest.raises(Refused) as exc:
            actions.convert_vote(sec, c, day, 5, 5, 5, 0)
        assert rules.cn_date(rules.probation_end(c)) in _refusal(exc)


def test_it_finds_the_approving_committee_above_a_general_branch():
    from dangjian.orgs import actions as org_actions
    from dangjian.orgs.choices import OrgKind

    community = world.community("a")
    general = org_actions.create_organization(community, name="测试党总支", kind=OrgKind.GENERAL_BRANCH)
    branch = org_actions.create_organization(general, name="测试党总支第一支部", kind=OrgKind.BRANCH)
    assert actions.approving_org(branch) == community
    assert actions.approving_org(world.community("b")).kind == OrgKind.STREET_COMMITTEE


def test_it_refuses_an_approval_more_than_six_months_after_the_vote_and_counts_it_overdue_after_three():
    c = Candidate.objects.filter(next_step=Step.APPROVE, branch__path__startswith=world.community("a").path).first()
    assert c.next_due == add_months(c.voted_on, 3) and c.overdue
    limit = add_months(c.voted_on, 6)
    with clock.at(limit + timedelta(days=1)):
        with pytest.raises(Refused) as exc:
            actions.approve(world.user("secretary_a"), c, limit + timedelta(days=1))
        assert rules.cn_date(limit) in _refusal(exc)
    assert not PartyMember.objects.filter(person=c.person).exists()
