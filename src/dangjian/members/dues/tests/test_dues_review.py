"""The review's findings on dues, each pinned: a member's dues read within the reader's reach, odd amounts
answered in Chinese, a bank file that cannot be booked refused row by row, an exemption counted before its month
exists, the level above asked through one predicate, due changes in the history, and the daily generation per
member."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dangjian.core.dates import add_months
from dangjian.core.io.xlsx import build_workbook
from dangjian.members.dues import actions, bank
from dangjian.members.dues.standard import parse_yuan
from dangjian.members.models import DuesBatch, DuesExemption, DuesKind, DuesMonth, DuesStandard, PartyMember
from dangjian.members.models.dues import ExemptionStatus, yuan
from dangjian.orgs.models import Organization
from dangjian.testing import world


def _branch():
    return world._held_by("branch")


def _owing_row(branch):
    return (DuesMonth.objects.filter(branch=branch, month=actions.this_month(), paid_fen=0, due_fen__gt=0,
                                     member__status="normal")
            .exclude(member__person__user__username="member")
            .select_related("member__person", "branch").order_by("pk").first())


def _bank_file(rows):
    wb = build_workbook("银行代扣结果", [c.header for c in bank.COLUMNS], rows)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("bank.xlsx", buf.getvalue())


def _line(member, month, amount):
    return [member.person.name, "", str(member.pk), f"{month:%Y-%m}", amount, "成功", ""]


# S1 -------------------------------------------------------------------------------------------------------------

def test_a_registered_community_secretary_sees_the_member_but_not_their_dues(login, community_b):
    row = (DuesMonth.objects.filter(branch__path__startswith=community_b.path)
           .select_related("member").order_by("pk").first())
    member = row.member
    PartyMember.objects.filter(pk=member.pk).update(in_service=True, registered_community=world.community("a"))
    secretary = world.user("secretary_a")
    assert PartyMember.objects.visible_to(secretary).filter(pk=member.pk).exists()  # reported to community A
    assert not DuesStandard.objects.visible_to(secretary).filter(member=member).exists()
    response = login("secretary_a").get(reverse("dues:member", kwargs={"pk": member.pk}))
    assert response.status_code == 404
    assert login("secretary_b").get(reverse("dues:member", kwargs={"pk": member.pk})).status_code == 200


# M1 -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["1e30", "9" * 29, "NaN", "1e9"])
def test_it_refuses_a_huge_or_odd_amount_in_chinese(raw):
    with pytest.raises(ValueError, match="金额"):
        parse_yuan(raw)


@pytest.mark.parametrize("raw", ["1e30", "9" * 29, "NaN"])
def test_the_month_page_answers_a_huge_amount_with_a_form_error(login, raw):
    branch = _branch()
    row = _owing_row(branch)
    month = actions.this_month()
    response = login("branch_secretary").post(
        f"{reverse('dues:month', kwargs={'pk': branch.pk})}?month={month:%Y-%m}",
        {"paid_on": timezone.localdate().isoformat(), "method": "cash", "month": f"{month:%Y-%m}",
         f"pay_{row.pk}": "1", f"was_{row.pk}": "0", f"amount_{row.pk}": raw})
    assert response.status_code == 200 and "金额" in response.content.decode()
    row.refresh_from_db()
    assert row.paid_fen == 0


# M2 / M4 / M3 ---------------------------------------------------------------------------------------------------

def _import(client, rows):
    return client.post(reverse("dues:import"), {"file": _bank_file(rows)})


def test_the_bank_import_reports_a_month_that_cannot_be_generated_as_a_row_error(login):
    branch = _branch()
    gone, late = _owing_row(branch), None
    month = actions.this_month()
    previous = add_months(month, -1)
    late = (DuesMonth.objects.filter(branch=branch, month=month, member__status="normal")
            .exclude(member=gone.member).exclude(member__person__user__username="member")
            .select_related("member__person").order_by("pk").first())
    PartyMember.objects.filter(pk=gone.member_id).update(status="transferred")
    PartyMember.objects.filter(pk=late.member_id).update(join_date=month)  # joined after last month
    DuesMonth.objects.filter(pk=gone.pk).delete()
    DuesMonth.objects.filter(member=late.member, month=previous).delete()
    gone.member.refresh_from_db()
    late.member.refresh_from_db()
    response = _import(login("branch_secretary"), [_line(gone.member, month, yuan(gone.due_fen)),
                                                   _line(late.member, previous, "1.00")])
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-errors"' in page
    assert "不生成" in page and "无需交纳党费" in page and ">4<" in page and ">5<" in page  # the first data rows
    assert not DuesBatch.objects.exists()
    assert not DuesMonth.objects.filter(member=gone.member_id, month=month).exists()
    assert not DuesMonth.objects.filter(member=late.member_id, month=previous).exists()


def test_the_bank_import_reports_a_month_kept_by_a_branch_the_user_may_not_manage(login, community_b):
    branch = _branch()
    row = _owing_row(branch)
    elsewhere = Organization.objects.filter(pk__in=DuesMonth.objects.filter(
        branch__path__startswith=community_b.path).values("branch")).first()
    DuesMonth.objects.filter(pk=row.pk).update(branch=elsewhere)  # due before the member transferred in
    response = _import(login("branch_secretary"), [_line(row.member, row.month, yuan(row.due_fen))])
    page = response.content.decode()
    assert response.status_code == 200 and "不在您的管理范围内" in page and ">4<" in page
    row.refresh_from_db()
    assert row.paid_fen == 0 and not DuesBatch.objects.exists()


def test_the_bank_import_takes_an_approved_exemption_for_a_month_not_yet_generated(login):
    branch = _branch()
    row = _owing_row(branch)
    member, month = row.member, row.month
    standard = actions.in_force(list(DuesStandard.objects.filter(member=member)), month)
    assert standard.monthly_fen > 100
    DuesExemption.objects.create(member=member, start=month, end=None, monthly_fen=100, reason="患重病，生活困难",
                                 status=ExemptionStatus.APPROVED, requested_by=world.user("branch"))
    row.delete()
    client = login("branch_secretary")
    full = _import(client, [_line(member, month, yuan(standard.monthly_fen))]).content.decode()
    assert "金额" in full and "与应交1.00元不符" in full and not DuesBatch.objects.exists()
    assert _import(client, [_line(member, month, "1.00")]).status_code == 302
    made = DuesMonth.objects.get(member=member, month=month)
    assert made.due_fen == 100 and made.paid_fen == 100 and made.is_settled


# W1 -------------------------------------------------------------------------------------------------------------

def _pending(member):
    return actions.request_exemption(world.user("branch"), member, start=actions.this_month(), end=None,
                                     monthly_fen=0, reason="患重病，生活困难")


def test_the_exemption_buttons_and_the_decision_follow_the_one_predicate(login, monkeypatch):
    exemption = _pending(_owing_row(_branch()).member)
    decide = reverse("dues:exemption_decide", kwargs={"pk": exemption.pk})
    assert decide in login("secretary_a").get(reverse("dues:exemptions")).content.decode()
    monkeypatch.setattr(actions, "may_decide_exemption", lambda user, e, parent=None: False)
    assert decide not in login("secretary_a").get(reverse("dues:exemptions")).content.decode()
    # the decision asks the action, not a rule of the view's own
    assert login("branch_secretary").post(decide, {"decision": "approve"}).status_code == 403
    monkeypatch.setattr(actions, "_is_decider", lambda user, e, parent=None: True)
    login("branch_secretary").post(decide, {"decision": "approve"})
    exemption.refresh_from_db()
    assert exemption.status == ExemptionStatus.APPROVED


def test_may_decide_exemption_asks_parent_org(db, monkeypatch):
    exemption = _pending(_owing_row(_branch()).member)
    asked = []
    original = Organization.parent_org

    def parent_org(self):
        asked.append(self.pk)
        return original(self)

    monkeypatch.setattr(Organization, "parent_org", parent_org)
    assert actions.may_decide_exemption(world.user("secretary_a"), exemption)
    assert asked == [exemption.member.branch_id]


# refresh_dues ---------------------------------------------------------------------------------------------------

def test_a_changed_standard_moves_unpaid_dues_through_the_history(db):
    from auditlog.models import LogEntry

    secretary = world.user("branch")
    row = _owing_row(_branch())
    actions.set_standard(secretary, row.member, kind=DuesKind.FIXED, fixed_fen=row.due_fen + 1234,
                         effective_from=row.month)
    row.refresh_from_db()
    assert row.due_fen > 1234
    entry = LogEntry.objects.get_for_object(row).get(additional_data__step="党费标准调整")
    assert entry.actor == secretary and "due_fen" in entry.changes_dict


# generate_dues --------------------------------------------------------------------------------------------------

def test_the_daily_generation_gives_a_late_member_the_month_in_a_branch_already_generated(db):
    from dangjian.members.dues.reminders import generate_dues

    branch = _branch()
    row = _owing_row(branch)
    row.delete()
    assert DuesMonth.objects.filter(branch=branch, month=row.month).exists()  # the branch has its other rows
    assert generate_dues(timezone.localdate()) >= 1
    assert DuesMonth.objects.filter(member=row.member, month=row.month, branch=branch).exists()
    assert generate_dues(timezone.localdate()) == 0
