"""Browser journeys: one person after another doing their weekly work in Chromium, step by step.

A journey test opens one browser context per person (`Journey.actor`), clicks through the real pages
and, at each moment worth showing, calls `actor.step("一句中文说明")`. A step

- saves a screenshot of what that person sees (the viewport only, JPEG, kept small),
- checks that the application's text on the page has no English words (`english_words`),
- for a phone (390 × 844) checks that nothing on the page is wider than the screen, and
- fails when the browser refused anything under the page's Content-Security-Policy (`watch_csp`).

The sentences and screenshots of the journeys that pass are what `dangjian.testing.guide` turns into
the user guide under `docs/guide/` (`DANGJIAN_GUIDE=1 pytest -m browser`).
"""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from dangjian.core.seeding import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
# On Linux Chromium takes its own language (a file input's "选择文件", a date input's 年/月/日) from LANGUAGE,
# not from --lang; the Chinese strings come with Debian's chromium-l10n.
LAUNCH_ENV = {**os.environ, "LANGUAGE": "zh_CN:zh"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
JPEG_QUALITY = 60

# Latin words a Chinese user meets as such (file formats, the QR code); nothing else of the application's
# own text may be English. The browser's own drawing (a file input's button, a date picker) is not page text.
ALLOWED_WORDS = {"PDF", "Word", "Excel", "QR", "API", "HTTP", "HTTPS", "WPS", "docx", "xlsx", "pdf"}
# The extension of a file a person uploaded (整改照片.png) is part of its name.
ALLOWED_WORDS |= {"png", "jpg", "jpeg", "PNG", "JPG", "JPEG", "gif", "webp", "doc", "xls", "txt"}
# File sizes are written in the units everyone uses (每个文件不超过 20MB).
ALLOWED_WORDS |= {"KB", "MB", "GB"}

# Every piece of text the page shows a person: rendered text, the labels inside inputs and buttons, tooltips.
# URLs shown for copying (a meeting's check-in link) are addresses, not words.
_PAGE_TEXT_JS = r"""() => {
  const parts = [document.body.innerText, document.title];
  for (const el of document.querySelectorAll('input, textarea, button, [title], [aria-label], option')) {
    const style = el.isConnected ? getComputedStyle(el) : null;
    if (el.closest('[hidden]') || (style && style.display === 'none')) continue;
    if (el.placeholder) parts.push(el.placeholder);
    if (el.matches('input[type=submit], input[type=button]')) parts.push(el.value);
    if (el.getAttribute('title')) parts.push(el.getAttribute('title'));
    if (el.getAttribute('aria-label')) parts.push(el.getAttribute('aria-label'));
  }
  return parts.join('\n');
}"""

_OVERFLOW_JS = r"""() => {
  const width = document.documentElement.clientWidth;
  const wide = document.documentElement.scrollWidth;
  if (wide <= width + 1) return null;
  const culprits = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1) {
      let scroller = el.parentElement, clipped = false;
      while (scroller && scroller !== document.body) {
        const o = getComputedStyle(scroller).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; }
        scroller = scroller.parentElement;
      }
      if (!clipped) culprits.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' ' + Math.round(r.right) + 'px: '
        + (el.innerText || el.value || '').trim().slice(0, 40));
    }
  }
  return {width: width, scrollWidth: wide, culprits: culprits.slice(-5)};
}"""

# Installed in every page of a context before the page's own scripts (an init script is not subject to the page's
# policy): each refusal is written to the console with the directive and the place, beside Chromium's own message.
_CSP_WATCH_JS = r"""document.addEventListener("securitypolicyviolation", function (e) {
  console.error("Content Security Policy violation: " + e.violatedDirective + " refused "
    + (e.blockedURI || "inline code") + " at " + (e.sourceFile || document.URL) + ":" + e.lineNumber);
}, true);"""


def watch_csp(context) -> list[str]:
    """The Content-Security-Policy refusals of every page of `context` (tabs it opens too), as they come: an inline
    script, handler or style="" left in a template, or a library that wants eval, shows here and fails the test."""
    refused: list[str] = []
    context.add_init_script(_CSP_WATCH_JS)

    def heard(message) -> None:
        if "Content Security Policy" in message.text:
            where = message.page.url if message.page is not None else "?"
            refused.append(f"{where}: {message.text}")

    context.on("console", heard)
    return refused


def label_re(label: str) -> re.Pattern:
    """A control's name as people read it: icons (private-use glyphs drawn by CSS) and spaces around it
    do not count."""
    return re.compile(r"^[\s\ue000-\uf8ff]*" + re.escape(label) + r"[\s\ue000-\uf8ff]*$")


def field_re(label: str) -> re.Pattern:
    """A form field's label as people read it: the red * after a required field's label does not count."""
    return re.compile(r"^\s*" + re.escape(label) + r"\s*\*?\s*$")


_URL = re.compile(r"\b(?:https?://|/)[\w\-./?=&%#:]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def english_words(text: str) -> list[str]:
    """The English words in a page's text, URLs and the allowed words left out (single letters are grades,
    list markers and the like)."""
    text = _URL.sub(" ", text)
    return sorted({w for w in _WORD.findall(text) if w not in ALLOWED_WORDS})


@dataclass
class Step:
    role: str
    text: str
    image: str | None  # file name under the journey's screenshot folder
    phone: bool = False


@dataclass
class JourneyRecord:
    key: str
    title: str
    order: int
    steps: list[Step] = field(default_factory=list)

    def roles(self) -> list[str]:
        seen: list[str] = []
        for s in self.steps:
            if s.role not in seen:
                seen.append(s.role)
        return seen


class Journey:
    """One journey of a test: the people in it (one browser context each) and the steps they took."""

    def __init__(self, browser, base_url: str, record: JourneyRecord, shots: Path):
        self.browser = browser
        self.base_url = base_url.rstrip("/")
        self.record = record
        self.shots = shots
        self.actors: list[Actor] = []

    def actor(self, role: str, username: str, *, phone: bool = False) -> Actor:
        """A person of `role` (a guide page: street, cadre, secretary, branch, grid, member, resident,
        volunteer) signed in through the login page, on a desktop or on a phone."""
        context = self.browser.new_context(
            viewport=PHONE if phone else DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai",
            is_mobile=phone, has_touch=phone, device_scale_factor=1,
        )
        context.set_default_timeout(15_000)
        csp_refusals = watch_csp(context)
        person = Actor(self, context.new_page(), role, username, phone)
        person.csp_refusals = csp_refusals
        self.actors.append(person)
        person.login()
        return person

    def close(self) -> None:
        """Closes everyone's browser; a Content-Security-Policy refusal after their last step still fails."""
        left = [f"{a.role}: {r}" for a in self.actors for r in a.csp_refusals]
        for a in self.actors:
            a.page.context.close()
        assert not left, f"the Content-Security-Policy refused: {left}"


class Actor:
    """One person in a journey: their page, and the steps they take on it."""

    def __init__(self, journey: Journey, page, role: str, username: str, phone: bool):
        self.journey, self.page, self.role, self.username, self.phone = journey, page, role, username, phone
        self.failed: list[str] = []  # pages answered with an error since the last check
        self.csp_refusals: list[str] = []  # Content-Security-Policy refusals since the last check (watch_csp)
        page.on("response", self._watch)

    def _watch(self, response) -> None:
        if response.request.resource_type == "document" and response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    # --- moving around ------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.journey.base_url + path

    def login(self) -> None:
        page = self.page
        page.goto(self.url("/login/"))
        page.get_by_label("账号").fill(self.username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/login/" not in url)
        self.check()

    def open(self, path: str) -> None:
        """Go to an address the person was given (a link on paper, a QR code), not one found by clicking."""
        self.page.goto(self.url(path))
        self.check()

    def nav(self, label: str) -> None:
        """Open a page from the side menu (on a phone: the menu button first)."""
        page = self.page
        if self.phone:
            page.get_by_role("button", name="菜单").click()
            menu = page.locator("#dj-mobile-nav")
            menu.get_by_role("link", name=label_re(label)).click()
        else:
            page.locator("aside").get_by_role("link", name=label_re(label)).click()
        page.wait_for_load_state()
        self.check()

    @contextmanager
    def popup(self, name: str, *, role: str = "link"):
        """Follow a link that opens a new tab (a printable page): the steps inside the block are taken on that
        tab, and the person comes back to the page they left when it ends."""
        with self.page.expect_popup() as opened:
            self.page.get_by_role(role, name=label_re(name)).first.click()
        tab, home = opened.value, self.page
        tab.on("response", self._watch)
        tab.wait_for_load_state()
        self.page = tab
        try:
            self.check()
            yield tab
        finally:
            self.page = home
            tab.close()

    def click(self, name: str, *, role: str = "button", within=None, exact: bool = True) -> None:
        """Press a button (or follow a link, role="link") by its visible name, and wait for the next page."""
        scope = within if within is not None else self.page
        scope.get_by_role(role, name=label_re(name) if exact else name).first.click()
        self.page.wait_for_load_state()
        self.check()

    def follow(self, locator) -> None:
        """Click a link (or a button) found on the page and wait for the page it opens: checking the page
        before it has come would read the old one, or none."""
        with self.page.expect_navigation():
            locator.first.click()
        self.check()

    def field(self, label: str, within=None):
        """An input by its label; a bare input named only by its placeholder is found too."""
        scope = within if within is not None else self.page
        return scope.get_by_label(field_re(label)).or_(scope.get_by_placeholder(label, exact=True)).first

    def fill(self, label: str, value: str, within=None) -> None:
        self.field(label, within).fill(str(value))

    def choose(self, label: str, option: str, within=None) -> None:
        """Pick an option by its visible text in a select named `label`: a native select, or a long one
        turned search picker (Tom Select, `static/dangjian/pickers.js`), where a person types and clicks."""
        target = self.field(label, within)
        if target.evaluate("el => el.tagName === 'SELECT' && !el.tomselect"):
            target.select_option(label=option)
            return
        if target.evaluate("el => el.classList.contains('dj-lookup-text')"):  # a person, looked up by name
            target.fill(option)
            box = target.locator("xpath=ancestor::div[contains(@class, 'dj-lookup')][1]")
            box.locator(f".dj-lookup-results [data-label={json.dumps(option, ensure_ascii=False)}]").first.click()
            return
        # The picker's label points at its search box; the original select stays hidden just before it.
        control = target if target.evaluate("el => el.tagName === 'INPUT'") else target.locator(
            "xpath=following-sibling::div[contains(@class, 'ts-wrapper')][1]//input")
        wrapper = control.locator("xpath=ancestor::div[contains(@class, 'ts-wrapper')][1]")
        wrapper.locator(".ts-control").click()  # a single picker's search box hides until its control is clicked
        control.fill(option)
        wrapper.locator(".ts-dropdown .option").filter(
            has_text=re.compile("^\\s*" + re.escape(option) + "\\s*$")).first.click()
        if wrapper.locator(".ts-dropdown").is_visible():
            control.press("Escape")

    def attach(self, label_or_locator, name: str = "现场照片.png") -> None:
        """Attach a small photo to a file input (found by label, or given as a locator)."""
        target = self.field(label_or_locator) if isinstance(label_or_locator, str) else label_or_locator
        # Each photo differs (a distinct file name, distinct pixels): the same bytes uploaded twice are one file.
        target.set_input_files({"name": name, "mimeType": "image/png", "buffer": photo_png(seed=name)})

    @property
    def name(self) -> str:
        """The name the header shows for the signed-in person (what others see in histories)."""
        return self.page.locator("nav.dj-header .dropdown-toggle").first.inner_text().strip()

    def text(self, selector: str = "main") -> str:
        return self.page.locator(selector).first.inner_text()

    def message(self) -> str:
        """The confirmation or error shown at the top of the page after an action."""
        alerts = self.page.locator("main .alert")
        return "\n".join(alerts.all_inner_texts())

    def errors(self) -> list[str]:
        """What a form said was wrong after it was sent (empty when it was accepted)."""
        return self.page.locator("main .invalid-feedback, main .alert-danger").evaluate_all(
            "els => els.map(e => ((e.dataset.field ? e.dataset.field + '：' : '') + e.innerText).trim())")

    def history(self) -> str:
        """The 操作记录 card of a record's page, unfolded."""
        card = self.page.locator(".card", has=self.page.get_by_role("heading", name="操作记录"))
        for summary in card.locator("details:not([open]) > summary").all():
            summary.click()
        return card.inner_text()

    # --- what every step checks ---------------------------------------------------------------------

    def check(self, *, refused: bool = False) -> None:
        """The page answered (unless a refusal is what the step shows), speaks Chinese, on a phone fits the
        screen, and the browser refused nothing under its Content-Security-Policy."""
        page = self.page
        failed, self.failed = self.failed, []
        if refused:
            assert failed, f"{self.role} @ {page.url}: expected a refusal, the page answered normally"
        else:
            assert not failed, f"{self.role}: the page answered with an error: {failed}"
        words = english_words(page.evaluate(_PAGE_TEXT_JS))
        assert not words, f"{self.role} @ {page.url}: English on the page: {words}"
        if self.phone:
            overflow = page.evaluate(_OVERFLOW_JS)
            assert overflow is None, f"{self.role} @ {page.url}: wider than the phone's screen: {overflow}"
        csp, self.csp_refusals[:] = list(self.csp_refusals), []  # emptied in place: watch_csp adds to this list
        assert not csp, f"{self.role} @ {page.url}: the Content-Security-Policy refused: {csp}"

    def step(self, text: str, *, focus=None, shot: bool = True, refused: bool = False) -> None:
        """One step of the guide: the sentence says what the person does or sees on the page as it is now."""
        self.check(refused=refused)
        record = self.journey.record
        name = None
        if shot:
            if focus is not None:
                focus.first.scroll_into_view_if_needed()
            name = f"{record.key}-{len(record.steps) + 1:02d}.jpg"
            self.journey.shots.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(self.journey.shots / name), type="jpeg", quality=JPEG_QUALITY,
                                 animations="disabled", caret="hide")
        record.steps.append(Step(self.role, text, name, self.phone))


def photo_png(width: int = 160, height: int = 120, seed: str = "") -> bytes:
    """A small real PNG (a red flag on white, its edge shifted by `seed`) to upload where a page asks for a
    photo."""
    import struct
    import zlib

    edge = 100 + zlib.crc32(seed.encode()) % 40

    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            flag = 20 <= x < edge and 20 <= y < 100
            row += bytes((200, 16, 46) if flag else (255, 255, 255))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def shots_folder() -> Path:
    """Where a run keeps its screenshots (the guide copies those of passed journeys from here)."""
    return Path(os.environ.get("DANGJIAN_DATA_DIR", "var")) / "screenshots" / "journeys"


def sign_in(page, username: str) -> None:
    """Sign in through the login page and wait until it has gone (each role lands on its own page)."""
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
