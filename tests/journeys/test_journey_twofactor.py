"""The street's administrator binds a phone authenticator at the first sign-in, keeps the recovery codes, and
signs in with a code from then on (DANGJIAN_2FA=required, as in production)."""

import pytest

from dangjian.core.seeding import DEMO_PASSWORD
from dangjian.testing import otp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_street_admin_binds_an_authenticator_and_signs_in_with_its_code(journey, settings):
    settings.TWO_FACTOR = "required"
    j = journey("twofactor", "绑定手机验证器，凭验证码登录")

    street = j.actor("street", "street")
    page = street.page
    assert "/account/2fa/setup/" in page.url, f"the first sign-in went to {page.url}, not to the binding page"
    qr = page.locator("[data-testid=totp-qr] svg")
    assert qr.count() == 1
    street.step("街道管理员的账号可以查看完整的身份证号和手机号，首次输入账号和密码后，系统要求先绑定手机验证器。"
                "在手机上打开身份验证器（如微信小程序“腾讯身份验证器”），扫描页面上的二维码。", focus=qr)

    secret = page.locator("[data-testid=totp-secret]").input_value()  # what a person types when not scanning
    street.fill("验证码", otp.code(secret))
    street.step("无法扫码时，在验证器里手动输入页面上的密钥。把验证器显示的 6 位数字填入“验证码”。",
                focus=page.get_by_role("button", name="确认绑定"))
    street.click("确认绑定")
    codes = page.locator("[data-testid=recovery-codes] li")
    assert codes.count() == 10, "the ten recovery codes are not shown after binding"
    street.step("绑定成功后显示 10 个恢复码，只显示这一次：点“打印”或“下载”妥善保管。"
                "手机不在身边时，每个恢复码可代替验证码登录一次。", focus=page.locator("[data-testid=recovery-codes]"))
    street.click("我已保存，继续", role="link")
    assert "/account/2fa/" not in page.url

    page.locator("nav.dj-header .dropdown-toggle").click()
    street.click("退出登录")
    page.get_by_label("账号").fill("street")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    street.click("登录")
    assert "/account/2fa/verify/" in page.url, f"the second sign-in went to {page.url}, not to the code"
    street.fill("验证码", otp.code(secret, later=30))  # the next code: the one just used is not taken twice
    street.step("以后每次登录，输入密码后再输入验证器上当前显示的 6 位数字，点“验证”。", focus=street.field("验证码"))
    street.click("验证")
    assert "/account/2fa/" not in page.url and "/login/" not in page.url
    street.page.locator("nav.dj-header .dropdown-toggle").click()
    street.click("双因素认证", role="link")
    assert "10 个" in street.text()
    street.step("右上角账号菜单里的“双因素认证”显示绑定的验证器和剩余的恢复码，恢复码用完或遗失时可在这里重新生成；"
                "更换手机请联系系统管理员或安全管理员重置。", focus=page.locator("[data-testid=device]"))
