"""The second factor: who is asked, enrolment with a real code, recovery codes, lock-out, the admin's reset.

Every form is read from the page and sent back as a browser would (testing/browser_form.py); codes are the
ones an authenticator app computes from the secret the page shows (testing/otp.py).
"""

import re
from datetime import timedelta
from html import unescape

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangjian.core import twofactor
from dangjian.core.seeding import DEMO_PASSWORD
from dangjian.testing import clock, otp
from dangjian.testing.browser_form import main_form
from dangjian.testing.world import user

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR = "required"
    return settings


def post_form(client, url, **values):
    """Open `url`, fill its form like a person (only the named fields), send it as the browser would."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    form = main_form(page.content.decode(), url)
    assert form is not None, f"no form on {url}"
    data = form.data()
    data.update(values)
    return client.post(url, data)


def sign_in(client, username, password=DEMO_PASSWORD):
    response = post_form(client, "/login/", username=username, password=password)
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"], follow=True)  # on to where the gate sends the person


def secret_on(html: str) -> str:
    tag = re.search(r'<input[^>]*data-testid="totp-secret"[^>]*>', html).group(0)
    return unescape(re.search(r'value="([^"]*)"', tag).group(1))


def enrol(client) -> list[str]:
    """Set up the authenticator from the page; return the recovery codes shown (digits only)."""
    url = "/account/2fa/setup/?next=/"
    secret = secret_on(client.get(url).content.decode())
    response = post_form(client, url, otp_token=otp.code(secret))
    assert response.status_code == 302 and response["Location"].startswith("/account/2fa/codes/")
    shown = client.get(response["Location"]).content.decode()
    return [c.replace(" ", "") for c in re.findall(r"<li>(\d{5} \d{5})</li>", shown)]


def text(response) -> str:
    return response.content.decode()


def wrong_code(secret) -> str:
    """Six digits the authenticator does not show around now (the codes of the previous, current and next
    30 seconds are all accepted)."""
    near = {otp.code(secret, later=s) for s in (-60, -30, 0, 30, 60)}
    return next(c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c not in near)


def test_a_street_admin_is_sent_to_enrol_and_reaches_nothing_else(required):
    client = Client()
    page = sign_in(client, "street")
    assert page.request["PATH_INFO"] == "/account/2fa/setup/"
    assert "绑定手机验证器" in text(page) and "按网络安全等级保护要求须使用双因素认证" in text(page)
    assert 'data-testid="totp-qr"' in text(page) and "<svg" in text(page)  # drawn here, not by a service
    assert "dj-sidebar" not in text(page)  # no menu of pages that would not open
    for url in ("/", "/people/", "/ledgers/", "/admin/", "/password/", "/account/2fa/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/2fa/setup/"), url
    api = client.get("/api/people/")
    assert api.status_code == 403 and "绑定手机验证器" in api.json()["detail"]
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302 and client.get("/")["Location"].startswith("/login/")


def test_an_api_token_is_not_asked_for_a_code(required):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=user("street"))
    response = Client().get("/api/people/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_every_role_that_reveals_personal_data_and_every_admin_needs_it(required):
    from django.contrib.auth import get_user_model

    for username in ("street", "secretary_a", "branch", "grid", "admin"):
        assert twofactor.needs_second_factor(user(username)), username
    for username in ("member", "volunteer", "resident", "cadre", "district"):
        assert not twofactor.needs_second_factor(user(username)), username
    duty = get_user_model().objects.create_user("duty_sec", password="Duty#2026pass", is_staff=True)
    assert twofactor.needs_second_factor(duty)  # the admin site's users (the 三员 accounts among them)
    required.TWO_FACTOR = "off"
    assert not twofactor.needs_second_factor(user("street"))


def test_enrolment_with_a_real_code_shows_ten_recovery_codes_once(required):
    client = Client()
    sign_in(client, "street")
    codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10 and all(len(c) == 10 for c in codes)
    again = client.get("/account/2fa/codes/")
    assert "只在生成时显示一次" in text(again) and codes[0][:5] not in text(again)
    assert client.get("/").status_code == 200
    device = TOTPDevice.objects.get(user=user("street"))
    assert device.confirmed
    entry = LogEntry.objects.get_for_object(user("street")).filter(additional_data__step="启用双因素认证")
    assert entry.exists()
    manage = client.get("/account/2fa/")
    assert "已启用" in text(manage) and "10 个" in text(manage)


def test_the_codes_page_offers_print_and_download(required):
    client = Client()
    sign_in(client, "secretary_a")
    url = "/account/2fa/setup/?next=/"
    secret = secret_on(client.get(url).content.decode())
    response = post_form(client, url, otp_token=otp.code(secret))
    page = text(client.get(response["Location"]))
    assert "data-print" in page and 'download="恢复码.txt"' in page and "data:text/plain" in page


def test_a_wrong_code_is_refused_in_chinese(required):
    client = Client()
    sign_in(client, "street")
    url = "/account/2fa/setup/?next=/"
    refused = post_form(client, url, otp_token=wrong_code(secret_on(text(client.get(url)))))
    assert refused.status_code == 200 and twofactor.WRONG_SETUP in text(refused)
    assert not TOTPDevice.objects.filter(user=user("street"), confirmed=True).exists()
    with clock.at(timezone.now() + timedelta(seconds=5)):  # past django-otp's one-second pause
        enrol(client)
    client.post("/logout/")
    sign_in(client, "street")
    wrong = post_form(client, "/account/2fa/verify/?next=/", otp_token="12345")
    assert twofactor.WRONG in text(wrong)
    assert client.get("/").status_code == 302


def test_signing_in_again_asks_for_the_code_and_accepts_the_next_one(required):
    client = Client()
    sign_in(client, "street")
    enrol(client)
    client.post("/logout/")
    page = sign_in(client, "street")
    assert page.request["PATH_INFO"] == "/account/2fa/verify/" and "请输入手机验证器上的验证码" in text(page)
    device = TOTPDevice.objects.get(user=user("street"))
    response = post_form(client, "/account/2fa/verify/?next=/people/", otp_token=otp.code(device, later=30))
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert client.get("/people/").status_code == 200


def test_a_recovery_code_works_once(required):
    client = Client()
    sign_in(client, "street")
    codes = enrol(client)
    client.post("/logout/")
    sign_in(client, "street")
    shown = f"{codes[0][:5]} {codes[0][5:]}"  # as printed, with its space
    response = post_form(client, "/account/2fa/verify/?next=/", otp_token=shown)
    assert response.status_code == 302
    assert "已使用一个恢复码，还剩 9 个" in text(client.get("/"))
    client.post("/logout/")
    sign_in(client, "street")
    again = post_form(client, "/account/2fa/verify/?next=/", otp_token=codes[0])
    assert again.status_code == 200 and twofactor.WRONG in text(again)
    with clock.at(timezone.now() + timedelta(seconds=5)):
        assert post_form(client, "/account/2fa/verify/?next=/", otp_token=codes[1]).status_code == 302


def test_five_wrong_codes_lock_the_account_like_five_wrong_passwords(required):
    client = Client(REMOTE_ADDR="10.20.30.40")
    sign_in(client, "grid")
    enrol(client)
    client.post("/logout/")
    sign_in(client, "grid")
    device = TOTPDevice.objects.get(user=user("grid"))
    wrong = wrong_code(device)
    start = timezone.now()
    for n, wait in enumerate((0, 2, 5, 10, 20)):  # past django-otp's pause after each failure (1, 2, 4, 8 s)
        with clock.at(start + timedelta(seconds=wait)):
            response = post_form(client, "/account/2fa/verify/?next=/", otp_token=wrong)
            if n < 4:
                assert twofactor.WRONG in text(response)
    assert response.status_code == 429 and "锁定 15 分钟" in text(response)
    assert client.get("/")["Location"].startswith("/login/")  # signed out
    refused = Client(REMOTE_ADDR="10.20.30.41").post("/login/", {"username": "grid", "password": DEMO_PASSWORD})
    assert refused.status_code == 429


def test_a_right_code_right_after_a_wrong_one_waits_for_django_otps_pause(required):
    client = Client()
    sign_in(client, "street")
    enrol(client)
    client.post("/logout/")
    sign_in(client, "street")
    device = TOTPDevice.objects.get(user=user("street"))
    start = timezone.now()
    with clock.at(start):
        post_form(client, "/account/2fa/verify/?next=/", otp_token=wrong_code(device))
        soon = post_form(client, "/account/2fa/verify/?next=/", otp_token=otp.code(device, later=30))
        assert soon.status_code == 200 and "秒后再试" in text(soon)
    with clock.at(start + timedelta(seconds=3)):
        assert post_form(client, "/account/2fa/verify/?next=/", otp_token=otp.code(device, later=30)).status_code == 302


def test_a_member_is_not_asked_but_may_enrol_and_is_then_asked(required):
    client = Client()
    home = sign_in(client, "member")
    assert home.status_code == 200 and not home.request["PATH_INFO"].startswith("/account/2fa/")
    assert "双因素认证" in text(client.get("/account/2fa/"))
    assert "自愿启用" in text(client.get("/account/2fa/"))
    enrol(client)
    client.post("/logout/")
    assert sign_in(client, "member").request["PATH_INFO"] == "/account/2fa/verify/"


def test_with_2fa_off_nobody_is_asked(settings):
    settings.TWO_FACTOR = "off"
    TOTPDevice.objects.create(user=user("street"), name="手机验证器", confirmed=True)
    for username in ("street", "admin", "member"):
        client = Client()
        page = sign_in(client, username)
        assert page.status_code == 200 and not page.request["PATH_INFO"].startswith("/account/2fa/"), username
        assert "双因素认证</a>" not in text(page)  # no menu entry either


def test_the_admin_site_wants_the_second_factor_too(required):
    client = Client()
    sign_in(client, "admin")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/account/2fa/setup/")
    enrol(client)
    assert client.get("/admin/").status_code == 200


def test_renewing_recovery_codes_voids_the_old_ones(required):
    client = Client()
    sign_in(client, "street")
    old = enrol(client)
    renewed = client.post("/account/2fa/codes/")
    assert renewed.status_code == 302
    page = text(client.get("/account/2fa/codes/"))
    new = [c.replace(" ", "") for c in re.findall(r"<li>(\d{5} \d{5})</li>", page)]
    assert len(new) == 10 and not set(new) & set(old)
    assert LogEntry.objects.get_for_object(user("street")).filter(additional_data__step="重新生成恢复码").exists()


def test_an_administrator_resets_a_device_and_it_is_in_the_history(required):
    street = user("street")
    client = Client()
    sign_in(client, "street")
    enrol(client)
    admin = Client()
    sign_in(admin, "admin")
    enrol(admin)
    page = admin.get("/admin/auth/user/")
    assert "重置双因素认证" in text(page)
    form = main_form(text(page), "/admin/auth/user/")
    data = {**form.data(), "action": "reset_second_factor", "_selected_action": [str(street.pk)]}  # ticked
    response = admin.post("/admin/auth/user/", data)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=street).exists() and not StaticDevice.objects.filter(user=street).exists()
    entry = LogEntry.objects.get_for_object(street).filter(additional_data__step="重置双因素认证").get()
    assert entry.actor == user("admin")
    assert client.get("/").status_code == 302  # the reset person's session must bind a new phone
    assert client.get("/")["Location"].startswith("/account/2fa/setup/")


def test_only_operators_and_the_security_duty_may_reset(required):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    User = get_user_model()
    staff = User.objects.create_user("staff_plain", password="Staff#2026pass", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    assert not twofactor.may_reset(staff)
    staff.user_permissions.add(Permission.objects.get(codename="delete_totpdevice"))
    staff = User.objects.get(pk=staff.pk)
    assert twofactor.may_reset(staff)


def test_the_reset_command_frees_an_operator_who_lost_the_phone(required):
    from io import StringIO

    from django.core.management import call_command

    TOTPDevice.objects.create(user=user("admin"), name="手机验证器", confirmed=True)
    out = StringIO()
    call_command("reset_second_factor", "admin", stdout=out)
    assert "已重置" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user("admin")).exists()
    assert LogEntry.objects.get_for_object(user("admin")).filter(additional_data__step="重置双因素认证").exists()


def test_a_wrong_setting_is_named_at_start_up(tmp_path):
    from .test_settings import _run

    result = _run(["check"], tmp_path, DANGJIAN_2FA="maybe")
    assert result.returncode != 0 and "DANGJIAN_2FA" in result.stderr
    assert _run(["check"], tmp_path, DANGJIAN_2FA="off").returncode == 0
