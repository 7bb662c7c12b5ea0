"""组织关系转接: scope moves only on acceptance; a double start starts one; letters out and members in."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from dangjian.core import todo
from dangjian.core.workflow import Refused
from dangjian.members.choices import Post, Status
from dangjian.members.models import CommitteePost, PartyMember
from dangjian.members.models.roster import MEMBER_BRANCH_KINDS
from dangjian.members.models.transfers import Transfer
from dangjian.members.transfers import actions
from dangjian.members.transfers.choices import TransferKind, TransferStatus
from dangjian.orgs.models import Organization
from dangjian.people import idcard
from dangjian.testing import world


def _branch(community):
    return Organization.objects.filter(path__startswith=community.path, kind="branch").order_by("path").first()


def _movable(community):
    """A plain member of the community's first branch with nothing open."""
    return (PartyMember.objects.filter(branch=_branch(community), status=Status.NORMAL, person__user__isnull=True,
                                       in_service=False)
            .exclude(transfers__status__in=("pending", "issued")).order_by("pk").first())


def _seen_by(username, member):
    return PartyMember.objects.visible_to(world.user(username)).filter(pk=member.pk).exists()


def test_it_moves_scope_only_when_the_receiving_side_accepts(community_a, community_b):
    a, b = world.user("secretary_a"), world.user("secretary_b")
    member = _movable(community_a)
    target = _branch(community_b)
    today = timezone.localdate()
    post = CommitteePost.objects.create(branch=member.branch, member=member, post=Post.ORGANIZATION,
                                        start=today - timedelta(days=400))
    transfer = actions.start_transfer(a, member, target, today - timedelta(days=2), "工作调动")
    assert _seen_by("secretary_a", member) and not _seen_by("secretary_b", member)  # pending: nothing moves
    assert Transfer.objects.visible_to(b).filter(pk=transfer.pk).exists()  # but B sees the transfer
    assert transfer in todo.get("transfers_to_receive").rows(b)
    assert transfer in todo.get("transfers_sent").rows(a)
    assert not actions.may_accept(a, transfer) and actions.may_accept(b, transfer)
    with pytest.raises(Refused) as refused:
        actions.accept_transfer(a, transfer, today)
    assert refused.value.status == 403

    actions.accept_transfer(b, transfer, today)
    member.refresh_from_db()
    assert member.branch == target
    assert not _seen_by("secretary_a", member) and _seen_by("secretary_b", member)
    post.refresh_from_db()
    assert post.end == today  # the seat in the old branch ends on the accepted date
    assert member.person.organization_id in (target.pk, member.person.organization_id)
    from auditlog.models import LogEntry

    steps = [e.additional_data.get("step") for e in LogEntry.objects.get_for_object(transfer) if e.additional_data]
    assert "接收" in steps
    with pytest.raises(Refused) as again:  # a second click on 接收
        actions.accept_transfer(b, transfer, today)
    assert again.value.status == 409


def test_it_leaves_the_member_where_they_are_when_rejected(community_a, community_b):
    a, b = world.user("secretary_a"), world.user("secretary_b")
    member = _movable(community_a)
    transfer = actions.start_transfer(a, member, _branch(community_b), timezone.localdate(), "搬迁居住")
    with pytest.raises(Refused):
        actions.reject_transfer(b, transfer, "")  # a reason is required
    actions.reject_transfer(b, transfer, "居住地不在本支部范围")
    transfer.refresh_from_db()
    member.refresh_from_db()
    assert transfer.status == TransferStatus.REJECTED and transfer.decision_note == "居住地不在本支部范围"
    assert member.branch == _branch(community_a)
    assert _seen_by("secretary_a", member) and not _seen_by("secretary_b", member)
    # Rejected, the member may be sent again.
    assert actions.start_transfer(a, member, _branch(community_b), timezone.localdate(), "再次申请")


def test_a_double_start_starts_one(community_a, community_b):
    a = world.user("secretary_a")
    member = _movable(community_a)
    actions.start_transfer(a, member, _branch(community_b), timezone.localdate(), "工作调动")
    with pytest.raises(Refused) as second:
        actions.start_transfer(a, member, _branch(community_b), timezone.localdate(), "工作调动")
    assert second.value.status == 409
    assert Transfer.objects.filter(member=member, status=TransferStatus.PENDING).count() == 1


def test_the_database_refuses_a_second_pending_transfer(community_a, community_b):
    """The race the row lock cannot see (two requests past the check at once) ends at the unique constraint."""
    from django.db import IntegrityError, transaction

    member = _movable(community_a)
    fields = {"member": member, "kind": TransferKind.WITHIN, "status": TransferStatus.PENDING,
              "from_branch": member.branch, "to_branch": _branch(community_b), "date": timezone.localdate(),
              "reason": "工作调动"}
    Transfer.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.create(**fields)


def test_the_sender_cancels_a_pending_transfer(login, community_a, community_b):
    member = _movable(community_a)
    transfer = actions.start_transfer(world.user("secretary_a"), member, _branch(community_b),
                                      timezone.localdate(), "工作调动")
    assert login("secretary_b").post(f"/members/transfers/{transfer.pk}/cancel/").status_code == 403
    response = login("secretary_a").post(f"/members/transfers/{transfer.pk}/cancel/", {"reason": "本人暂不调动"})
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED


def test_the_start_form_and_the_accept_form_as_a_browser_posts_them(login, community_a, community_b):
    from dangjian.testing.browser_form import main_form

    member = _movable(community_a)
    target = _branch(community_b)
    client = login("secretary_a")
    page = client.get(f"/members/transfers/new/?member={member.pk}")
    assert page.status_code == 200
    form = main_form(page.content.decode(), "/members/transfers/new/")
    data = form.data()
    assert data["member"] == str(member.pk)
    data.update(to_branch=str(target.pk), reason="工作调动")
    response = client.post("/members/transfers/new/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    transfer = Transfer.objects.get(member=member, status=TransferStatus.PENDING)
    assert login("secretary_a").get(f"/members/transfers/{transfer.pk}/accept/").status_code == 403

    receiver = login("secretary_b")
    detail = receiver.get(transfer.get_absolute_url()).content.decode()
    assert f"/members/transfers/{transfer.pk}/accept/" in detail
    accept = receiver.get(f"/members/transfers/{transfer.pk}/accept/")
    form = main_form(accept.content.decode(), f"/members/transfers/{transfer.pk}/accept/")
    assert receiver.post(form.action or f"/members/transfers/{transfer.pk}/accept/", form.data()).status_code == 302
    member.refresh_from_db()
    assert member.branch == target


def test_a_sibling_community_gets_404(login, community_a):
    member = _movable(community_a)
    other = (Organization.objects.filter(path__startswith=community_a.path, kind__in=MEMBER_BRANCH_KINDS)
             .exclude(pk=member.branch_id).order_by("path").first())
    transfer = actions.start_transfer(world.user("secretary_a"), member, other, timezone.localdate(), "调整支部")
    client = login("secretary_b")
    for suffix in ("", "accept/", "reject/"):
        assert client.get(f"/members/transfers/{transfer.pk}/{suffix}").status_code == 404
    assert client.post(f"/members/transfers/{transfer.pk}/cancel/").status_code == 404
    assert client.get(f"/api/transfers/{transfer.pk}/").status_code == 404


def test_a_letter_out_of_the_platform(login, community_a):
    a = world.user("secretary_a")
    member = _movable(community_a)
    today = timezone.localdate()
    transfer = actions.issue_letter(a, member, outside_org="某某县城关镇东关社区党支部",
                                    outside_parent="中共某某县城关镇委员会", letter_number="2026-T01",
                                    valid_days=30, on=today, reason="随子女居住")
    member.refresh_from_db()
    assert member.status == Status.TRANSFERRED and member.status_date == today
    with pytest.raises(Refused):  # a letter out makes the member 转出: no second transfer
        actions.start_transfer(a, member, _branch(community_a), today, "再转")

    response = login("secretary_a").get(f"/members/transfers/{transfer.pk}/letter/")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert member.person.name in text and "2026-T01" in text and "某某县城关镇东关社区党支部" in text
    assert "回执" in text and "存根" in text

    with pytest.raises(Refused):
        actions.record_return(a, transfer, today - timedelta(days=1))  # before the letter
    actions.record_return(a, transfer, today)
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RETURNED and transfer.returned_on == today


def test_the_letter_says_to_which_month_the_dues_are_paid_from_the_ledger(login, community_a):
    """The last month settled without a gap: a later paid month after an owing one does not count."""
    from dangjian.core.dates import add_months, first_of
    from dangjian.members.models.dues import DuesMonth

    a = world.user("secretary_a")
    member = _movable(community_a)
    DuesMonth.objects.filter(member=member).delete()
    this_month = first_of(timezone.localdate())
    months = [add_months(this_month, -k) for k in (5, 4, 3, 2, 1)]
    paid = {months[0]: 200, months[1]: 200, months[2]: 200, months[3]: 0, months[4]: 200}  # the fourth is owed
    for month, fen in paid.items():
        DuesMonth.objects.create(member=member, branch=member.branch, month=month, due_fen=200, paid_fen=fen)

    def letter_text(who, number):
        transfer = actions.issue_letter(a, who, outside_org="某某县城关镇东关社区党支部", outside_parent="",
                                        letter_number=number, valid_days=30, on=timezone.localdate(),
                                        reason="随子女居住")
        response = login("secretary_a").get(f"/members/transfers/{transfer.pk}/letter/")
        return "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)

    settled = months[2]
    assert f"党费已交到{settled.year}年{settled.month}月" in letter_text(member, "2026-T11")
    other = _movable(community_a)  # the first one is 转出 now
    DuesMonth.objects.filter(member=other).delete()
    assert "党费已交到＿＿＿＿年＿＿月" in letter_text(other, "2026-T12")  # nothing in the ledger: the hand writes it


def test_an_overdue_return_slip_waits_in_the_to_do_list(community_a):
    a = world.user("secretary_a")
    rows = todo.get("transfer_returns_overdue").rows(a)
    assert rows.exists()  # the seeded letter without its return slip
    assert all(t.valid_until < timezone.localdate() and t.returned_on is None for t in rows)


def _new_id(seq=7):
    from datetime import date

    return idcard.make("320102", date(1985, 3, 4), seq, "M")


def test_a_member_arrives_from_outside_once(login, community_a, community_b):
    a = world.user("secretary_a")
    branch = _branch(community_a)
    number = _new_id()
    data = {"letter_number": "外2026-001", "outside_org": "某某大学研究生第一党支部",
            "outside_parent": "中共某某大学委员会", "on": timezone.localdate(), "reason": "毕业就业",
            "name": "周新来", "gender": "", "id_number": number,
            "phone": "", "ethnicity": "汉族", "education": "", "join_date": timezone.localdate() - timedelta(days=800),
            "full_date": timezone.localdate() - timedelta(days=435), "category": "full"}
    transfer = actions.register_incoming(a, branch, **data)
    assert transfer.kind == TransferKind.IN and transfer.member.branch == branch
    assert transfer.member.person.name == "周新来"
    with pytest.raises(Refused) as again:  # registered already, in A's sight: says where
        actions.register_incoming(a, branch, **data)
    assert branch.name in again.value.text
    with pytest.raises(Refused) as elsewhere:  # B cannot see A's member: registered elsewhere on the platform
        actions.register_incoming(world.user("secretary_b"), _branch(community_b), **data)
    assert "其他党组织" in elsewhere.value.text


def test_the_incoming_form_registers_through_the_page(login, community_a):
    client = login("secretary_a")
    branch = _branch(community_a)
    today = timezone.localdate()
    response = client.post("/members/transfers/incoming/", {
        "to_branch": branch.pk, "letter_number": "外2026-009", "outside_org": "某某市高新区创业服务中心党支部",
        "outside_parent": "", "date": today.isoformat(), "name": "吴转入", "id_number": _new_id(9), "gender": "",
        "ethnicity": "汉族", "education": "", "phone": "", "category": "full",
        "join_date": (today - timedelta(days=3000)).isoformat(), "full_date": "", "reason": ""})
    assert response.status_code == 302, response.context["form"].errors
    assert PartyMember.objects.filter(person__name="吴转入", branch=branch).count() == 1


def test_the_member_page_shows_the_card_with_its_button(login, community_a):
    member = _movable(community_a)
    page = login("secretary_a").get(member.get_absolute_url()).content.decode()
    assert 'data-testid="transfer-panel"' in page and f"/members/transfers/new/?member={member.pk}" in page
    page = login("cadre").get(member.get_absolute_url()).content.decode()
    assert f"/members/transfers/new/?member={member.pk}" not in page


def test_the_figures_count_a_transfer_between_communities(community_a, community_b):
    from dangjian.core.metrics import get

    a, b = world.user("secretary_a"), world.user("secretary_b")
    member = _movable(community_a)
    today = timezone.localdate()
    transfer = actions.start_transfer(a, member, _branch(community_b), today, "工作调动")
    actions.accept_transfer(b, transfer, today)
    start = today.replace(month=1, day=1)
    into_b = get("transfers_in").rows(Transfer.objects.all(), community_b, start, today)
    out_of_a = get("transfers_out").rows(Transfer.objects.all(), community_a, start, today)
    assert transfer in into_b and transfer in out_of_a
    assert transfer not in get("transfers_in").rows(Transfer.objects.all(), community_b.parent_org(), start, today)


def test_the_letter_as_pdf_when_libreoffice_is_installed(login, community_a):
    from dangjian.core.io.pdf import libreoffice_path

    if libreoffice_path() is None:
        pytest.skip("LibreOffice is not installed")
    transfer = Transfer.objects.filter(kind=TransferKind.OUT, from_community=community_a).order_by("pk").first()
    response = login("secretary_a").get(f"/members/transfers/{transfer.pk}/letter/?format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def _letter(member, number):
    return dict(outside_org="某某县城关镇东关社区党支部", outside_parent="", letter_number=number, valid_days=30,
                on=timezone.localdate(), reason="随子女居住")


def test_a_letter_number_is_used_once(monkeypatch, community_a):
    a = world.user("secretary_a")
    first, second, third = (PartyMember.objects.filter(branch=_branch(community_a), status=Status.NORMAL,
                                                       person__user__isnull=True)
                            .exclude(transfers__status__in=("pending", "issued")).order_by("pk")[:3])
    actions.issue_letter(a, first, **_letter(first, "2026-T77"))
    with pytest.raises(Refused) as again:  # the number is taken: said on the field
        actions.issue_letter(a, second, **_letter(second, "2026-T77"))
    assert "letter_number" in again.value.message_dict

    # Two letters issued at once: the other one is stored after this one's check and before its INSERT.
    checked = actions._check_day

    def check_day(*args, **kwargs):
        checked(*args, **kwargs)
        Transfer.objects.create(kind=TransferKind.OUT, status=TransferStatus.ISSUED, member=second,
                                from_branch=second.branch, outside_org="外单位", letter_number="2026-T78",
                                date=timezone.localdate())

    monkeypatch.setattr(actions, "_check_day", check_day)
    with pytest.raises(Refused) as race:
        actions.issue_letter(a, third, **_letter(third, "2026-T78"))
    assert race.value.status == 409 and "letter_number" in race.value.message_dict
    assert Transfer.objects.filter(kind=TransferKind.OUT, letter_number="2026-T78").count() == 0  # rolled back
    third.refresh_from_db()
    assert third.status == Status.NORMAL


def _arrival(name, number):
    return {"letter_number": "外2026-050", "outside_org": "某某大学研究生第一党支部", "outside_parent": "",
            "on": timezone.localdate(), "reason": "毕业就业", "name": name, "gender": "", "id_number": number,
            "phone": "", "ethnicity": "汉族", "education": "", "category": "full",
            "join_date": timezone.localdate() - timedelta(days=800), "full_date": None}


def test_an_arrival_matching_a_known_person_must_carry_their_name(community_a):
    from dangjian.people.models import Person

    a = world.user("secretary_a")
    branch = _branch(community_a)
    number = _new_id(21)
    person = Person.objects.create(organization=branch, name="陈已在", gender="M", id_number=number)
    with pytest.raises(Refused) as wrong:  # a mistyped ID number does not make someone else a member
        actions.register_incoming(a, branch, **_arrival("李别人", number))
    assert "name" in wrong.value.message_dict and "不一致" in wrong.value.text
    assert not PartyMember.objects.filter(person=person).exists()
    transfer = actions.register_incoming(a, branch, **_arrival("陈已在", number))
    assert transfer.member.person == person


def test_an_arrival_matching_a_person_out_of_sight_is_refused_naming_no_one(community_a, community_b):
    from dangjian.people.models import Person

    number = _new_id(23)
    person = Person.objects.create(organization=_branch(community_b), name="赵乙方", gender="M", id_number=number)
    for typed in ("赵乙方", "某某人"):
        with pytest.raises(Refused) as refused:
            actions.register_incoming(world.user("secretary_a"), _branch(community_a), **_arrival(typed, number))
        assert "须由其所在支部发起" in refused.value.text
        assert "赵乙方" not in refused.value.text and _branch(community_b).name not in refused.value.text
    assert not PartyMember.objects.filter(person=person).exists()


def test_the_seeded_members_who_left_by_letter_show_it_in_their_history(community_a):
    from auditlog.models import LogEntry

    gone = PartyMember.objects.filter(status=Status.TRANSFERRED)
    assert gone.exists()
    steps = {(e.object_pk, (e.additional_data or {}).get("step"))
             for e in LogEntry.objects.get_for_objects(gone)}
    assert {(str(m.pk), "开具组织关系介绍信") for m in gone} <= steps
