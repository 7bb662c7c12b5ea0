"""Which addresses a group robot may post to, and keeping their keys out of the logs.

A robot's webhook is typed in by a community secretary, and the worker POSTs to it and shows the answer in the
delivery log: left open, that would let anyone with the page reach the server's own network (an SSRF). So a robot
may only point at the two services it is for — 企业微信 `qyapi.weixin.qq.com` and 钉钉 `oapi.dingtalk.com` — or at a
host the operator lists in DANGJIAN_ROBOT_HOSTS (an intranet gateway that relays to them). Addresses are https://
only; plain http:// is admitted for a host listed as `http://host` in that setting, or when DANGJIAN_DEBUG is on.
The rule is checked when a robot is saved and again before every post (a robot saved before the rule, or a host
since removed from the list, is refused without a request).

The webhook's query string carries its key (`key=…`, `access_token=…`): `redact` masks every query string in a
text, and `RedactingFilter` applies it to each log line (message and traceback) of the channel loggers.
"""

import logging
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

SERVICE_HOSTS = {"wecom": "qyapi.weixin.qq.com", "dingtalk": "oapi.dingtalk.com"}

_QUERY = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^\s?#'\"<>]*)\?[^\s#'\"<>]*")
_KEYS = re.compile(r"(?i)\b(key|access_token|token|secret|sign)=[^\s&#'\"<>]+")


def redact(text: str) -> str:
    """The text with each URL's query string replaced by `?…` and any stray `key=`/`access_token=` value masked."""
    return _KEYS.sub(r"\1=…", _QUERY.sub(r"\1?…", str(text)))


def allowed_hosts() -> dict[str, bool]:
    """host → whether plain http is admitted for it: the two services, then DANGJIAN_ROBOT_HOSTS."""
    hosts = {host: False for host in SERVICE_HOSTS.values()}
    for entry in settings.ROBOT_HOSTS:
        entry = entry.strip().lower()
        plain = entry.startswith("http://")
        host = entry.split("://", 1)[-1].split("/", 1)[0]
        if host:
            hosts[host] = hosts.get(host, False) or plain
    return hosts


def problem(url: str) -> str:
    """Why this webhook may not be used (a Chinese sentence that never repeats the address), or ""."""
    url = (url or "").strip()
    if not url:
        return "请填写 Webhook 地址。"
    try:
        URLValidator(schemes=["http", "https"])(url)
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 (a port that is not a number raises ValueError)
    except (ValidationError, ValueError):
        return "Webhook 地址格式不正确，请从群机器人设置中完整复制（以 https:// 开头，不含空格）。"
    if parts.username or parts.password:
        return "Webhook 地址不能包含用户名或密码。"
    hosts = allowed_hosts()
    if host not in hosts:
        return ("Webhook 地址只能是企业微信（qyapi.weixin.qq.com）或钉钉（oapi.dingtalk.com）的群机器人地址"
                "；内网代理须由管理员在 DANGJIAN_ROBOT_HOSTS 中登记。")
    if parts.scheme == "http" and not (hosts[host] or settings.DEBUG):
        return "Webhook 地址须以 https:// 开头。"
    return ""


class RedactingFilter(logging.Filter):
    """Masks query strings (a robot's key) in a record's message and traceback before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
