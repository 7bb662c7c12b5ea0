"""How a message leaves the platform: SMS (a log file by default, or an HTTP gateway), e-mail (Django's mail
backends) and the group robots of 企业微信 and 钉钉 (their webhooks).

Every sender raises `Failed` with a Chinese reason; `permanent=True` when trying again cannot help (no phone
number on file, a robot switched off) so the delivery is given up at once instead of retried. The standard
library's HTTP client is enough here: one POST, a JSON answer.
"""

import base64
import hashlib
import hmac
import http.client
import json
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from ..masking import mask_phone
from .webhooks import problem, redact


class Failed(Exception):
    def __init__(self, reason: str, *, permanent: bool = False):
        super().__init__(reason)
        self.reason = reason[:300]
        self.permanent = permanent


def _placeholders(template: str, values: dict) -> str:
    """`{name}` replaced for the names given; any other brace is kept as written (a JSON body has many)."""
    out = template
    for name, value in values.items():
        out = out.replace("{" + name + "}", str(value))
    return out


def _fill(value, values: dict):
    """The JSON body template with placeholders replaced inside its strings: the message is escaped by the
    encoder, never pasted into JSON text."""
    if isinstance(value, str):
        return _placeholders(value, values)
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    return value


def _link(url: str) -> str:
    if not url or not settings.SITE_URL:
        return ""
    return url if url.startswith("http") else settings.SITE_URL + url


def sms_text(title: str, body: str, url: str = "") -> str:
    """The SMS as DANGJIAN_SMS_TEMPLATE writes it: {signature} {title} {body} {url}."""
    body = f"：{body}" if body else ""
    text = _placeholders(settings.SMS_TEMPLATE, {"signature": settings.SMS_SIGNATURE, "title": title,
                                                 "body": body, "url": _link(url)})
    return text.strip()[:500]


def plain_text(title: str, body: str, url: str = "") -> str:
    link = _link(url)
    return "\n".join(part for part in (title, body, link) if part)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A robot's answer is never followed elsewhere: a redirect would lead the POST past the host allow-list."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_DIRECT = urllib.request.build_opener(_NoRedirect)


def _http(method: str, url: str, *, data: bytes | None = None, headers: dict | None = None, who: str,
          follow: bool = True) -> bytes:
    """One request. Whatever goes wrong becomes `Failed` with a Chinese reason that never holds the address (its
    query string is a key): an address the client cannot use is permanent, a network fault is retried."""
    try:
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        opener = urllib.request.urlopen if follow else _DIRECT.open
        with opener(request, timeout=settings.NOTIFY_TIMEOUT) as answer:  # noqa: S310 (allow-listed or configured)
            return answer.read(65536)
    except urllib.error.HTTPError as exc:
        raise Failed(f"{who}返回 HTTP {exc.code}") from None
    except (http.client.InvalidURL, ValueError):  # a space or control character, no scheme, a bad port
        raise Failed(f"{who}的地址无效，请检查配置", permanent=True) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise Failed(f"{who}在 {settings.NOTIFY_TIMEOUT} 秒内没有应答") from None
        raise Failed(redact(f"无法连接{who}：{reason}")) from None
    except http.client.HTTPException:  # a garbled or cut-off answer: the next attempt may fare better
        raise Failed(f"{who}的应答不完整或无法识别") from None


def _json_answer(raw: bytes, who: str) -> dict:
    try:
        data = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        raise Failed(f"{who}的应答不是 JSON") from None
    return data if isinstance(data, dict) else {}


# --- SMS -----------------------------------------------------------------------------------------------------


def send_sms(phone: str, text: str) -> bool:
    """True when the message went to a gateway; False when it was only written to the log file (the default
    backend), so that the delivery log says so instead of 已发送."""
    if not phone:
        raise Failed("人员信息中没有手机号码，无法发送短信", permanent=True)
    if settings.SMS_BACKEND == "http":
        _sms_gateway(phone, text)
        return True
    _sms_log(phone, text)
    return False


def _sms_log(phone: str, text: str) -> None:
    """The default: one line per message in DATA_DIR/sms.log, the number masked (a log never holds it whole)."""
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
    line = f"{stamp}\t{mask_phone(phone)}\t{text.replace(chr(10), ' ')}\n"
    with open(settings.SMS_LOG_FILE, "a", encoding="utf-8") as log:
        log.write(line)


def _sms_gateway(phone: str, text: str) -> None:
    values = {"phone": phone, "text": text, "signature": settings.SMS_SIGNATURE}
    headers = {str(k): _placeholders(str(v), values) for k, v in json.loads(settings.SMS_GATEWAY_HEADERS).items()}
    who = "短信网关"
    if settings.SMS_GATEWAY_METHOD == "GET":
        quoted = {k: urllib.parse.quote(str(v), safe="") for k, v in values.items()}
        raw = _http("GET", _placeholders(settings.SMS_GATEWAY_URL, quoted), headers=headers, who=who)
    else:
        body = json.dumps(_fill(json.loads(settings.SMS_GATEWAY_BODY), values), ensure_ascii=False).encode()
        headers.setdefault("Content-Type", "application/json; charset=utf-8")
        raw = _http("POST", settings.SMS_GATEWAY_URL, data=body, headers=headers, who=who)
    if settings.SMS_GATEWAY_SUCCESS:
        field, _, expected = settings.SMS_GATEWAY_SUCCESS.partition("=")
        answer = _json_answer(raw, who)
        if str(answer.get(field.strip())) != expected.strip():
            message = answer.get("message") or answer.get("msg") or answer.get("errmsg") or ""
            raise Failed(f"短信网关拒绝发送：{field.strip()}={answer.get(field.strip())} {message}".strip())


# --- e-mail --------------------------------------------------------------------------------------------------


def _mail_failure(exc: Exception) -> Failed:
    """A fixed Chinese text for each kind of mail error: smtplib's own messages quote the recipient's full
    address (and the server's words), and the delivery log is read by secretaries."""
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return Failed("邮件服务器拒收该收件地址，请核对账号的电子邮箱", permanent=True)
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return Failed(f"邮件服务器拒绝发件地址（SMTP {code}），请检查 DANGJIAN_EMAIL_FROM")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Failed("邮件服务器登录失败，请检查 DANGJIAN_EMAIL_USER 和 DANGJIAN_EMAIL_PASSWORD")
    if isinstance(exc, smtplib.SMTPDataError):
        return Failed(f"邮件服务器拒收邮件内容（SMTP {code}）")
    if isinstance(exc, (smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)):
        return Failed("无法连接邮件服务器，或连接被中断")
    if isinstance(exc, smtplib.SMTPException):
        return Failed(f"邮件服务器返回错误（SMTP {code}）" if code else "邮件服务器返回错误")
    if isinstance(exc, TimeoutError):
        return Failed(f"邮件服务器在 {settings.NOTIFY_TIMEOUT} 秒内没有应答")
    if isinstance(exc, ssl.SSLError):
        return Failed("与邮件服务器建立加密连接失败，请检查 DANGJIAN_EMAIL_USE_TLS / USE_SSL 与端口")
    if isinstance(exc, OSError):
        return Failed("无法连接邮件服务器")
    return Failed(f"邮件发送失败（{type(exc).__name__}）")


# Django's mail backends that keep the message on the server (DATA_DIR/mail, the worker's output): nothing is sent
KEPT_LOCALLY = ("django.core.mail.backends.filebased.EmailBackend", "django.core.mail.backends.console.EmailBackend")


def send_email(address: str, subject: str, text: str) -> bool:
    """True when the message went to a mail server; False when the backend only keeps it on the server."""
    from django.core.mail import send_mail

    if not address:
        raise Failed("账号没有登记电子邮箱，无法发送邮件", permanent=True)
    try:
        send_mail(subject[:150], text, None, [address], fail_silently=False)
    except Exception as exc:  # smtplib's errors, a refused connection, a timeout, a header the backend refuses
        raise _mail_failure(exc) from None
    return settings.EMAIL_BACKEND not in KEPT_LOCALLY


# --- group robots --------------------------------------------------------------------------------------------


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉加签: HmacSHA256 over "timestamp\\nsecret" keyed with the secret, Base64, then URL-encoded."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def _now_ms() -> int:
    return int(time.time() * 1000)


def robot_url(kind: str, webhook: str, secret: str = "", now_ms: int | None = None) -> str:
    if kind == "dingtalk" and secret:
        stamp = now_ms if now_ms is not None else _now_ms()
        joiner = "&" if "?" in webhook else "?"
        return f"{webhook}{joiner}timestamp={stamp}&sign={dingtalk_sign(secret, stamp)}"
    return webhook


def send_robot(kind: str, webhook: str, secret: str, text: str) -> None:
    """Both robots take {"msgtype": "text", "text": {"content": …}} and answer {"errcode": 0, "errmsg": "ok"}."""
    who = "企业微信" if kind == "wecom" else "钉钉"
    if not webhook:
        raise Failed(f"{who}群机器人没有填写 Webhook 地址", permanent=True)
    refused = problem(webhook)
    if refused:  # saved before the host rule, or its host since taken off DANGJIAN_ROBOT_HOSTS: no request at all
        raise Failed(f"{who}群机器人地址不可用：{refused}", permanent=True)
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()
    raw = _http("POST", robot_url(kind, webhook, secret), data=body, follow=False,
                headers={"Content-Type": "application/json; charset=utf-8"}, who=f"{who}群机器人")
    answer = _json_answer(raw, f"{who}群机器人")
    code = answer.get("errcode")
    if code != 0:
        raise Failed(f"{who}群机器人返回错误 errcode={code}：{answer.get('errmsg', '')}".strip("："))


def when_text(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%m-%d %H:%M") if moment else ""
