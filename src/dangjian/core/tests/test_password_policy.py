"""Password age, reuse, and passwords someone else set: the change page comes before anything else.

Forms are read from the page and sent back as a browser would; the clock is moved with time-machine.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from dangjian.core.password_policy import EXPIRED, SET_BY_OTHERS, PasswordHistory, PasswordState
from dangjian.core.seeding import DEMO_PASSWORD
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.testing import clock
from dangjian.testing.world import user

from .test_twofactor import post_form, sign_in, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ninety_days(settings):
    settings.PASSWORD_MAX_DAYS = 90
    return settings


def change_password(client, old: str, new: str):
    return post_form(client, "/password/", old_password=old, new_password1=new, new_password2=new)


def test_seeded_and_demo_accounts_need_no_change():
    states = PasswordState.objects.filter(user__username__in=["street", "secretary_a", "member", "admin"])
    assert states.count() == 4
    assert not states.filter(must_change=True).exists()
    assert all(abs(s.changed_at - timezone.now()) < timedelta(days=1) for s in states)  # "now", the pinned day


def test_a_staff_password_older_than_90_days_must_be_changed_first(ninety_days):
    with clock.at(timezone.now() + timedelta(days=89)):
        assert sign_in(Client(), "secretary_a").request["PATH_INFO"] != "/password/"
    with clock.at(timezone.now() + timedelta(days=91)):
        client = Client()
        page = sign_in(client, "secretary_a")
        assert page.request["PATH_INFO"] == "/password/"
        assert EXPIRED.format(days=90) in text(page)
        for url in ("/", "/people/", "/ledgers/", "/notifications/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == "/password/", url
        assert client.get("/api/people/").status_code == 403
        response = change_password(client, DEMO_PASSWORD, "Xin#Mima2026")
        assert response.status_code == 302
        assert client.get("/", follow=True).status_code == 200
        assert client.get("/people/").status_code == 200


def test_a_members_password_does_not_age(ninety_days):
    with clock.at(timezone.now() + timedelta(days=200)):
        page = sign_in(Client(), "member")
        assert page.status_code == 200 and page.request["PATH_INFO"] != "/password/"


def test_the_age_setting_zero_means_never(settings):
    settings.PASSWORD_MAX_DAYS = 0
    with clock.at(timezone.now() + timedelta(days=400)):
        assert sign_in(Client(), "street").request["PATH_INFO"] != "/password/"


def test_the_last_five_passwords_cannot_come_back_the_sixth_last_can(login):
    member = user("member")
    passwords = [f"Hongqi#{n}Mima" for n in range(1, 7)]  # 1 … 6; 6 is the current one
    for p in passwords:
        member.set_password(p)
        member.save()
    kept = PasswordHistory.objects.filter(user=member)
    assert kept.count() == 5
    assert not any(p in h for h in kept.values_list("password", flat=True) for p in passwords)  # hashes only
    client = Client()
    sign_in(client, "member", passwords[-1])
    for reused in passwords[1:]:
        refused = change_password(client, passwords[-1], reused)
        assert refused.status_code == 200, reused
        assert "不能使用最近 5 次用过的密码" in text(refused)
    accepted = change_password(client, passwords[-1], passwords[0])  # the sixth-last
    assert accepted.status_code == 302
    assert get_user_model().objects.get(pk=member.pk).check_password(passwords[0])


def test_an_account_created_in_the_admin_must_change_its_password_at_first_sign_in():
    admin = Client()
    sign_in(admin, "admin")
    response = post_form(admin, "/admin/auth/user/add/", username="newclerk", password1="Chushi#2026mm",
                         password2="Chushi#2026mm")
    assert response.status_code == 302, text(response)[:2000]
    created = get_user_model().objects.get(username="newclerk")
    assert PasswordState.objects.get(user=created).must_change

    client = Client()
    page = sign_in(client, "newclerk", "Chushi#2026mm")
    assert page.request["PATH_INFO"] == "/password/" and SET_BY_OTHERS in text(page)
    assert client.get("/")["Location"] == "/password/"
    assert change_password(client, "Chushi#2026mm", "Ziji#Mima2026").status_code == 302
    assert not PasswordState.objects.get(user=created).must_change
    assert client.get("/", follow=True).status_code == 200

    # A reset by the administrator: changed again at the next sign-in.
    reset = post_form(admin, f"/admin/auth/user/{created.pk}/password/", password1="Chongzhi#2026m",
                      password2="Chongzhi#2026m")
    assert reset.status_code == 302
    assert PasswordState.objects.get(user=created).must_change
    assert sign_in(Client(), "newclerk", "Chongzhi#2026m").request["PATH_INFO"] == "/password/"


def test_an_account_handed_out_with_an_initial_password_must_change_it(community_a):
    secretary = Client()
    sign_in(secretary, "secretary_a")
    branch = Organization.objects.filter(path__startswith=community_a.path, kind=OrgKind.BRANCH).first()
    response = post_form(secretary, "/orgs/roles/add/", username="newbranch2", initial_password="Chushi#2026mm",
                         organization=str(branch.pk), role="branch_secretary",
                         start=timezone.localdate().isoformat())
    assert response.status_code == 302, text(response)[:2000]
    assert PasswordState.objects.get(user__username="newbranch2").must_change


def test_ones_own_change_and_a_hash_upgrade_are_not_forced_changes():
    member = user("member")
    before = PasswordState.objects.get(user=member).changed_at
    assert member.check_password(DEMO_PASSWORD)  # (an outdated hasher would re-hash here: no change)
    assert PasswordState.objects.get(user=member).changed_at == before
    client = Client()
    sign_in(client, "member")
    assert change_password(client, DEMO_PASSWORD, "Ziji#Mima2026").status_code == 302
    state = PasswordState.objects.get(user=member)
    assert not state.must_change and state.changed_at > before


def test_an_approved_application_keeps_the_password_the_applicant_chose(community_a):
    from dangjian.services.models import Registration

    applied = post_form(Client(), "/register/", wants="resident", name="李小红", phone="13900002222",
                        address="幸福路2号", username="lixh", password="Ziji#Mima2026", community=str(community_a.pk))
    assert "申请已提交" in text(applied)
    secretary = Client()
    sign_in(secretary, "secretary_a")
    registration = Registration.objects.get(username="lixh")
    secretary.post(f"/services/registrations/{registration.pk}/decide/", {"decision": "approve"})
    assert not PasswordState.objects.get(user__username="lixh").must_change
    page = sign_in(Client(), "lixh", "Ziji#Mima2026")
    assert page.status_code == 200 and page.request["PATH_INFO"] != "/password/"
