"""党费: the standard for each income band at its bounds, months generated and paid (once, even when the page is
sent twice), the bank file all or nothing, the sums per branch in fen, the sheets read back, and the scoping."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.core.dates import add_months
from dangjian.core.io.xlsx import build_workbook
from dangjian.members.dues import actions, bank, excel, totals
from dangjian.members.dues.standard import monthly_fen, parse_yuan, round_fen
from dangjian.members.models import DuesBatch, DuesExemption, DuesKind, DuesMonth, DuesStandard, PartyMember
from dangjian.members.models.dues import ExemptionStatus, yuan
from dangjian.testing import world
from dangjian.testing.browser_form import forms_in, main_form
from dangjian.testing.queries import count_queries

E, R = DuesKind.EMPLOYED, DuesKind.RETIRED


@pytest.mark.parametrize("kind, income, expected", [
    (E, "0.01", 0), (E, "2999.99", 1500), (E, "3000.00", 1500), (E, "3000.01", 3000), (E, "4999.99", 5000),
    (E, "5000", 5000), (E, "5000.01", 7500), (E, "9999.99", 15000), (E, "10000", 15000), (E, "10000.01", 20000),
    (E, "12345.67", 24691), (E, "3001", 3001), (E, "3333.33", 3333),
    (R, "3000", 1500), (R, "5000", 2500), (R, "5000.01", 5000), (R, "6100", 6100), (R, "4999.99", 2500),
])
def test_it_computes_the_standard_for_each_band_at_and_around_its_bounds(kind, income, expected):
    fen, _ = monthly_fen(kind, parse_yuan(income))
    assert fen == expected and isinstance(fen, int)


def test_it_charges_the_low_income_kinds_20_fen_and_a_fixed_amount_as_given():
    assert monthly_fen(DuesKind.LOW_INCOME, 800000) == (20, 0)
    assert monthly_fen(DuesKind.FIXED, 0, 5000) == (5000, 0)


def test_it_rounds_half_a_fen_up_and_parses_yuan_exactly():
    assert round_fen(5, 10) == 1 and round_fen(4, 10) == 0 and round_fen(15, 10) == 2
    assert parse_yuan("3,000.10") == 300010 and parse_yuan("0.1") == 10 and parse_yuan("￥12.3元") == 1230
    for bad in ("12.345", "-1", "abc", "1e3x", "NaN"):
        with pytest.raises(ValueError):
            parse_yuan(bad)


def _branch():
    return world._held_by("branch")


def _member(branch=None):
    branch = branch or _branch()
    return (PartyMember.objects.filter(branch=branch, status="normal", dues_exemptions__isnull=True,
                                       dues_months__month=actions.this_month())
            .exclude(person__user__username="member").select_related("person", "branch").order_by("pk").first())


def test_it_keeps_standards_dated_and_follows_an_exemption_approved_by_the_level_above(login):
    secretary = world.user("branch")
    member = _member()
    month = actions.this_month()
    before = DuesStandard.objects.filter(member=member).count()
    actions.set_standard(secretary, member, kind=E, income_fen=parse_yuan("3000.01"), effective_from=month)
    assert DuesStandard.objects.filter(member=member).count() == before + 1  # the old rows stay
    DuesMonth.objects.filter(member=member, month=month).update(paid_fen=0)
    actions.refresh_dues(member, month, actor=secretary)
    assert DuesMonth.objects.get(member=member, month=month).due_fen == 3000

    exemption = actions.request_exemption(secretary, member, start=month, end=None, monthly_fen=0,
                                          reason="患重病，生活困难")
    assert not actions.may_decide_exemption(secretary, exemption)  # the branch itself cannot approve
    community = world.user("secretary_a")
    assert actions.may_decide_exemption(community, exemption)
    page = login("secretary_a").get(reverse("dues:exemptions")).content.decode()
    assert reverse("dues:exemption_decide", kwargs={"pk": exemption.pk}) in page
    login("secretary_a").post(reverse("dues:exemption_decide", kwargs={"pk": exemption.pk}),
                              {"decision": "approve", "note": "同意"})
    exemption.refresh_from_db()
    assert exemption.status == ExemptionStatus.APPROVED and exemption.decided_by == community
    assert DuesMonth.objects.get(member=member, month=month).due_fen == 0


def _month_form(client, branch, month):
    page = client.get(f"{reverse('dues:month', kwargs={'pk': branch.pk})}?month={month:%Y-%m}").content.decode()
    return next(f for f in forms_in(page) if f.method == "post" and any(k.startswith("was_") for k in f.data()))


def test_it_records_the_ticked_members_once_even_when_the_page_is_sent_twice(login):
    branch = _branch()
    month = actions.this_month()
    DuesMonth.objects.filter(branch=branch, month=month).update(paid_fen=0, paid_on=None, method="")
    rows = list(DuesMonth.objects.filter(branch=branch, month=month, due_fen__gt=0).order_by("pk")[:2])
    client = login("branch_secretary")
    form = _month_form(client, branch, month)
    data = form.data()
    assert data[f"amount_{rows[0].pk}"] == f"{rows[0].due_fen // 100}.{rows[0].due_fen % 100:02d}"  # prefilled
    data[f"pay_{rows[0].pk}"] = "1"
    data[f"pay_{rows[1].pk}"] = "1"
    data[f"amount_{rows[1].pk}"] = "0.01"  # a changed amount: a partial payment
    url = f"{reverse('dues:month', kwargs={'pk': branch.pk})}?month={month:%Y-%m}"
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same page sent again
    first, second = (DuesMonth.objects.get(pk=r.pk) for r in rows)
    assert first.paid_fen == rows[0].due_fen and first.paid_on == timezone.localdate() and first.method == "cash"
    assert second.paid_fen == 1 and not second.is_settled
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(first).filter(additional_data__step="登记党费").count() == 1
    # 补交: the member page settles the rest of the partial month
    page = client.get(reverse("dues:member", kwargs={"pk": second.member_id})).content.decode()
    settle = next(f for f in forms_in(page) if f"was_{second.pk}" in f.data())
    data = settle.data()
    data[f"pay_{second.pk}"] = "1"
    client.post(reverse("dues:member", kwargs={"pk": second.member_id}), data)
    second.refresh_from_db()
    assert second.is_settled and second.paid_fen == second.due_fen


def test_it_refuses_recording_for_a_read_only_role(login):
    branch = _branch()
    month = actions.this_month()
    row = DuesMonth.objects.filter(branch=branch, month=month, paid_fen=0, due_fen__gt=0).first()
    response = login("cadre").post(f"{reverse('dues:month', kwargs={'pk': branch.pk})}?month={month:%Y-%m}",
                                   {"paid_on": timezone.localdate().isoformat(), "method": "cash",
                                    f"pay_{row.pk}": "1", f"was_{row.pk}": "0", f"amount_{row.pk}": "1.00"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.paid_fen == 0


def test_it_generates_a_month_once_and_leaves_members_without_a_standard_out(db):
    branch = _branch()
    month = add_months(actions.this_month(), 1)
    members = list(actions.members_of(branch, month))
    with_standard = {s.member_id for s in DuesStandard.objects.filter(member__in=members, effective_from__lte=month)}
    assert members and with_standard and with_standard <= {m.pk for m in members}  # never vacuous
    assert actions.generate_month(branch, month) == len(with_standard)
    assert actions.generate_month(branch, month) == 0
    made = DuesMonth.objects.filter(branch=branch, month=month).values_list("member_id", flat=True)
    assert set(made) == with_standard


def _bank_file(rows):
    wb = build_workbook("银行代扣结果", [c.header for c in bank.COLUMNS], rows)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("bank.xlsx", buf.getvalue())


def _owing(branch, n):
    return list(DuesMonth.objects.filter(branch=branch, paid_fen=0, due_fen__gt=0,
                                         month__lte=actions.this_month())
                .select_related("member__person").order_by("pk")[:n])


def test_it_stores_nothing_from_a_bank_file_with_one_bad_row_and_lists_the_row(login):
    branch = _branch()
    good, other = _owing(branch, 2)
    sibling = DuesMonth.objects.filter(branch__path__startswith=world.community("b").path, paid_fen=0,
                                       due_fen__gt=0).select_related("member__person").first()
    rows = [
        [good.member.person.name, "", str(good.member_id), f"{good.month:%Y-%m}", yuan(good.due_fen),
         "成功", ""],
        [other.member.person.name, "", str(other.member_id), f"{other.month:%Y-%m}", "999.99", "成功", ""],
        [sibling.member.person.name, "", str(sibling.member_id), f"{sibling.month:%Y-%m}", "1.00", "成功", ""],
        ["无此人", "", "99999999", f"{good.month:%Y-%m}", "1.00", "成功", ""],
    ]
    client = login("branch_secretary")
    response = client.post(reverse("dues:import"), {"file": _bank_file(rows)})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="import-errors"' in page
    assert "金额999.99元与应交" in page and "不在您的管理范围内" in page and "没有找到该党员" in page
    assert ">5<" in page and ">6<" in page and ">7<" in page  # the rows (after the title, subtitle and header)
    good.refresh_from_db()
    assert good.paid_fen == 0 and not DuesBatch.objects.exists()

    response = client.post(reverse("dues:import"), {"file": _bank_file(rows[:1] + [
        [other.member.person.name, "", str(other.member_id), f"{other.month:%Y-%m}", "1.00", "失败", ""]])})
    assert response.status_code == 302
    good.refresh_from_db()
    other.refresh_from_db()
    assert good.paid_fen == good.due_fen and good.method == "bank" and good.batch is not None
    assert other.paid_fen == 0  # a failed transaction is not booked
    again = client.post(reverse("dues:import"), {"file": _bank_file(rows[:1])}).content.decode()
    assert "已交清，不能重复入账" in again


def test_it_refuses_a_file_that_is_not_a_workbook(login):
    response = login("branch_secretary").post(reverse("dues:import"),
                                              {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert "无法读取该文件" in response.content.decode()


def test_it_sums_each_branch_in_fen_as_its_rows_do(street):
    qs = DuesMonth.objects.filter(branch__path__startswith=street.path)
    figures = totals.by_branch(qs)
    for branch_id, f in figures.items():
        rows = qs.filter(branch_id=branch_id)
        assert f["due"] == sum(r.due_fen for r in rows) and f["paid"] == sum(r.paid_fen for r in rows)
        assert f["owing"] == sum(r.owing_fen for r in rows if not r.is_settled)
    whole = totals.aggregate(qs)
    assert whole["due"] == qs.aggregate(s=Sum("due_fen"))["s"] == sum(f["due"] for f in figures.values())


def test_it_offers_the_collection_rate_to_the_assessment_catalogue(street):
    from dangjian.core import metrics

    assert "dues_collection_rate" in dict(metrics.choices())
    month = actions.this_month()
    start = add_months(month, -11)
    due = metrics.value("dues_due", metrics.Scope(), street, start, actions.month_end(month))
    paid = metrics.value("dues_paid", metrics.Scope(), street, start, actions.month_end(month))
    rate = metrics.value("dues_collection_rate", metrics.Scope(), street, start, actions.month_end(month))
    qs = DuesMonth.objects.filter(branch__path__startswith=street.path, month__gte=start)
    assert due == qs.aggregate(s=Sum("due_fen"))["s"] and 0 < rate <= 100 and paid < due
    assert metrics.value("dues_arrears_members", metrics.Scope(), street, start, actions.month_end(month)) > 0


def test_it_exports_the_branch_sheet_and_the_quarterly_summary(login, street):
    branch = _branch()
    month = actions.this_month()
    client = login("street_admin")
    sheet = load_workbook(BytesIO(client.get(f"{reverse('dues:sheet', kwargs={'pk': branch.pk})}?month={month:%Y-%m}")
                                  .content)).active
    assert "党费收缴登记表" in sheet["A1"].value and sheet.cell(3, 10).value == "本人签名"
    rows = DuesMonth.objects.filter(branch=branch, month=month)
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[0] == "合计" and round(last[5] * 100) == sum(r.due_fen for r in rows)
    assert round(last[6] * 100) == sum(r.paid_fen for r in rows)
    assert sheet.cell(4, 6).number_format == "0.00"

    quarter = (month.month - 1) // 3 + 1
    response = client.get(f"{reverse('dues:summary')}?within={street.pk}&year={month.year}&quarter={quarter}")
    summary = load_workbook(BytesIO(response.content)).active
    assert "季度党费收缴情况汇总表" in summary["A1"].value
    assert [c.value for c in summary[3]] == excel.SUMMARY_HEADERS
    total = [c.value for c in summary[summary.max_row]]
    first = month.replace(month=3 * (quarter - 1) + 1)
    qs = DuesMonth.objects.filter(branch__path__startswith=street.path, month__gte=first, month__lte=month)
    assert total[0] == "合计" and round(total[3] * 100) == qs.aggregate(s=Sum("due_fen"))["s"]
    assert round(total[4] * 100) == qs.aggregate(s=Sum("paid_fen"))["s"]


def test_it_hides_a_sibling_branch_and_shows_a_member_only_their_own(login, community_b):
    sibling = DuesMonth.objects.filter(branch__path__startswith=community_b.path).select_related("branch").first()
    client = login("secretary_a")
    assert client.get(reverse("dues:month", kwargs={"pk": sibling.branch_id})).status_code == 404
    assert client.get(reverse("dues:member", kwargs={"pk": sibling.member_id})).status_code == 404
    assert client.get(reverse("dues:sheet", kwargs={"pk": sibling.branch_id})).status_code == 404
    member = login("member")
    data = member.get("/api/dues-months/").json()
    rows = data["results"] if isinstance(data, dict) else data
    own = PartyMember.objects.get(person__user__username="member")
    assert rows and {r["member"] for r in rows} == {own.pk}
    assert member.get(reverse("dues:member", kwargs={"pk": own.pk})).status_code == 200
    assert member.get(reverse("dues:home")).status_code == 404
    assert member.get(reverse("dues:month", kwargs={"pk": own.branch_id})).status_code == 404
    assert "每月应交" in member.get(reverse("dues:mine")).content.decode()


def test_it_shows_the_arrears_with_six_months_flagged(login, street):
    client = login("street_admin")
    page = client.get(f"{reverse('dues:arrears')}?within={street.pk}").content.decode()
    assert 'data-testid="arrears"' in page
    long = [m for m in DuesMonth.objects.owing().values_list("member_id", flat=True)]
    counts = {pk: long.count(pk) for pk in set(long)}
    if any(n >= actions.ARREARS_WARNING_MONTHS for n in counts.values()):
        assert "个月未交" in page


def test_it_round_trips_the_standard_form_unchanged(login):
    member = _member()
    client = login("branch_secretary")
    url = reverse("dues:standard_add", kwargs={"pk": member.pk})
    form = main_form(client.get(url).content.decode(), url)
    current = actions.in_force(list(member.dues_standards.all()), add_months(actions.this_month(), 24))
    before = DuesStandard.objects.filter(member=member).count()
    assert client.post(url, form.data()).status_code == 302
    made = DuesStandard.objects.filter(member=member).order_by("-pk").first()
    assert DuesStandard.objects.filter(member=member).count() == before + 1
    assert (made.kind, made.monthly_fen, made.effective_from) == (current.kind, current.monthly_fen,
                                                                   actions.this_month())


def test_it_recalculates_the_branch_from_the_chosen_month(login):
    branch = _branch()
    client = login("branch_secretary")
    url = reverse("dues:standards", kwargs={"pk": branch.pk})
    form = main_form(client.get(url).content.decode(), url)
    data = form.data()
    member = _member()
    data[f"kind_{member.pk}"] = E
    data[f"income_{member.pk}"] = "10000.01"
    data["effective_from"] = f"{actions.this_month():%Y-%m}"
    before = DuesStandard.objects.count()
    assert client.post(url, data).status_code == 302
    assert DuesStandard.objects.count() == before + 1  # only the changed member
    assert actions.in_force(list(member.dues_standards.all()), actions.this_month()).monthly_fen == 20000


def test_it_keeps_the_month_page_queries_constant_as_the_branch_grows(login):
    branch = _branch()
    month = add_months(actions.this_month(), -1)
    client = login("branch_secretary")
    url = f"{reverse('dues:month', kwargs={'pk': branch.pk})}?month={month:%Y-%m}"
    client.get(url)
    _, small = count_queries(client, url)
    member = PartyMember.objects.filter(branch=branch).first()
    extra = []
    for person in _more_people(branch, 15):
        m = PartyMember.objects.create(person=person, branch=branch, join_date=member.join_date)
        extra.append(DuesMonth(member=m, branch=branch, month=month, due_fen=100))
    DuesMonth.objects.bulk_create(extra)
    _, large = count_queries(client, url)
    assert large == small, (small, large)


def _more_people(branch, n):
    from dangjian.people.models import Person

    return list(Person.objects.filter(party_member__isnull=True, birth_date__year__lt=1990)[:n])


def test_it_reminds_members_and_secretaries_of_arrears_once_a_month(db):
    from dangjian.core.models import Notification
    from dangjian.members.dues.reminders import dues_reminders, generate_dues

    today = timezone.localdate().replace(day=15)
    own = PartyMember.objects.get(person__user__username="member")
    DuesMonth.objects.filter(member=own, month=add_months(actions.this_month(), -1)).update(paid_fen=0)
    generate_dues(today)
    first = dues_reminders(today)
    assert first > 0 and dues_reminders(today) == 0
    assert Notification.objects.filter(key__startswith="dues-sec:").exists()
    assert Notification.objects.filter(key__startswith="dues:").exists()


def test_it_lists_pending_exemptions_for_the_level_above(db):
    from dangjian.members.dues.todo import exemptions_to_decide

    pending = DuesExemption.objects.filter(status=ExemptionStatus.PENDING)
    assert pending.exists()
    assert set(exemptions_to_decide(world.user("street"))) >= set(pending)
    assert not list(exemptions_to_decide(world.user("branch")))


def test_a_month_is_in_arrears_only_once_it_has_ended_unpaid(login, street):
    """This month's dues are paid during the month: unpaid now is not 欠交 — on the list, in the figure alike."""
    from dangjian.core import metrics

    member = PartyMember.objects.get(person__user__username="member")
    this, last = actions.this_month(), add_months(actions.this_month(), -1)
    DuesMonth.objects.filter(member=member).update(paid_fen=F("due_fen"))
    DuesMonth.objects.filter(member=member, month=this).update(paid_fen=0, due_fen=200)
    client = login("street_admin")
    url = f"{reverse('dues:arrears')}?within={street.pk}"
    figure = lambda: metrics.value("dues_arrears_members", metrics.Scope(), street, last,  # noqa: E731
                                   actions.month_end(this))
    listed = lambda: f'data-member="{member.person.name}"' in client.get(url).content.decode()  # noqa: E731
    before = figure()
    assert not listed()
    DuesMonth.objects.filter(member=member, month=last).update(paid_fen=0, due_fen=200)
    assert listed() and figure() == before + 1
