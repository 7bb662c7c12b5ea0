"""Content-Security-Policy: every page is sent with a policy that refuses inline scripts, event handlers, inline
styles and eval, and no page needs any of them.

The header comes from django-csp (settings.CONTENT_SECURITY_POLICY, core.middleware.ContentSecurityPolicyMiddleware).
A policy alone would only break a page that still carries an onclick= or a style="": so each page of the registry
(the role × view matrix's list) is also read for them, and every template file besides, for the pages and
fragments a GET does not reach (error pages, a form sent back with errors, htmx rows). The browser journeys check
the rest — what scripts do at run time — by failing on any violation Chromium reports (testing/journey.py).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from test_matrix import PAGE_IDS, READ, _url  # the registry's GET pages and how to open each

import dangjian

pytestmark = pytest.mark.one_database("sqlite", "the policy is in the headers and the templates")

STRICT = ("script-src", "style-src")
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'")


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(response) -> None:
    directives = policy(response)
    for name, values in directives.items():
        assert not set(values) & set(UNSAFE), f"{name} {values}"
    if "sandbox" in directives:
        # An uploaded file sent as a download (core.uploads.served_file) keeps its own stricter policy: nothing
        # from anywhere, in a sandbox.
        assert directives["default-src"] == ["'none'"]
        return
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    for name in STRICT:
        assert directives[name] == ["'self'"], f"{name} {directives[name]}"


class InlineCode(HTMLParser):
    """What a strict policy would refuse in a page: inline <script> (JSON data excepted) and <style>, on…=
    handlers, style="" attributes, htmx's hx-on (evaluated code) and javascript: addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        where = f"line {self.getpos()[0]}: <{tag}"
        if tag == "script" and not names.get("src") and names.get("type") != "application/json":
            self.found.append(f"{where}> inline script")
        if tag == "style":
            self.found.append(f"{where}> inline style block")
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"{where} {name}=…>")
            elif name == "style":
                self.found.append(f'{where} style="{value}">')
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.found.append(f"{where} {name}={value}>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_checker_finds_what_the_policy_refuses():
    html = ('<script>go()</script><script type="application/json">{}</script><script src="/a.js"></script>'
            '<style>p{}</style><p style="x"><button onclick="f()"><a href="javascript:history.back()">'
            '<div hx-on:click="x"><button data-once="处理中" data-confirm="确定？">')
    assert [f.split(": ", 1)[1] for f in inline_code(html)] == [
        "<script> inline script", "<style> inline style block", '<p style="x">', "<button onclick=…>",
        "<a href=javascript:history.back()>", "<div hx-on:click=…>"]


@pytest.mark.parametrize("page", READ, ids=PAGE_IDS)
def test_every_page_has_a_strict_policy_and_no_inline_code(login, street, page):
    response = login("street_admin").get(_url(page, street))
    assert_strict(response)
    if response.get("Content-Type", "").startswith("text/html"):
        found = inline_code(response.content.decode())
        assert not found, f"{response.request['PATH_INFO']}: {found}"


def test_the_public_pages_and_the_login_have_it_too(client, db):
    for path in ("/login/", "/register/"):
        response = client.get(path)
        assert response.status_code == 200
        assert_strict(response)
        assert not inline_code(response.content.decode()), path


def test_the_upload_refusal_page_has_it_too(login, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = login("secretary_a").post("/members/import/", data=b"x" * 4096,
                                         content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413
    assert_strict(response)
    assert not inline_code(response.content.decode())


def test_the_browsable_api_alone_admits_inline_styles(login):
    """Django REST framework draws its browsable API with style="" attributes (and a Pygments <style>): that page's
    style-src also admits inline styles. Its scripts stay files, and the same address's JSON keeps the strict
    policy."""
    client = login("street_admin")
    html = client.get("/api/orgs/", HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    directives = policy(html)
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]
    assert_strict(client.get("/api/orgs/", HTTP_ACCEPT="application/json"))


def test_the_api_docs_start_swagger_from_a_file(login):
    client = login("street_admin")
    page = client.get("/api/docs/")
    assert_strict(page)
    assert not inline_code(page.content.decode())
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


TEMPLATES = sorted(Path(dangjian.__file__).parent.glob("**/templates/**/*.html"))


COMMENTS = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(Path(dangjian.__file__).parent)))
def test_no_template_has_inline_code(path):
    assert not inline_code(COMMENTS.sub("", path.read_text(encoding="utf-8")))


def test_a_form_sent_without_its_csrf_token_gets_a_chinese_page_without_inline_styles(db):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "<style" not in html and "style=" not in html
