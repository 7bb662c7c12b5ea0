"""What a browser would send back for a form on a page, read from the page's HTML.

Used by the round-trip and honest-button tests: a test that posts hand-made data proves nothing about
the form a person actually gets. A value that a browser input cannot hold is sent back the way the
browser would send it — empty (a date input given 2026/12/25 shows nothing and submits "").
"""

import re
from html import unescape
from html.parser import HTMLParser

_SHOWABLE = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "number": re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?"),
}


class Form:
    def __init__(self, action: str, method: str, attrs: dict):
        self.action, self.method, self.attrs = action, method, attrs
        self.fields: list[tuple[str, str]] = []  # (name, value) as a browser submits them, in order
        self.buttons: list[dict] = []  # submit buttons with their attributes and text
        self.enctype = attrs.get("enctype", "")

    def data(self, button: dict | None = None) -> dict:
        """The submitted data (lists for repeated names), as Django's test client takes it."""
        out: dict[str, list[str]] = {}
        for name, value in self.fields:
            out.setdefault(name, []).append(value)
        if button and button.get("name"):
            out.setdefault(button["name"], []).append(button.get("value", ""))
        return {k: v if len(v) > 1 else v[0] for k, v in out.items()}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None
        self._button: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower(), a)
            self.forms.append(self._form)
        if self._form is None or "disabled" in a:
            return
        if tag == "input":
            self._input(a)
        elif tag == "select":
            self._select = {"name": a.get("name"), "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"name": a.get("name"), "text": ""}
        elif tag == "button":
            self._button = {**a, "text": ""}

    def _input(self, a):
        kind = a.get("type", "text").lower()
        name = a.get("name")
        if kind in ("submit", "image"):
            self._form.buttons.append({**a, "text": a.get("value", "")})
            return
        if not name or kind in ("file", "reset", "button"):
            return
        if kind in ("checkbox", "radio"):
            if "checked" in a:
                self._form.fields.append((name, a.get("value", "on")))
            return
        value = a.get("value", "")
        pattern = _SHOWABLE.get(kind)
        if pattern is not None and value and not pattern.fullmatch(value):
            value = ""  # the browser rejects it, shows nothing, and submits nothing
        self._form.fields.append((name, value))

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data
        if self._button is not None:
            self._button["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            self._close_select()
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea["text"]
            if self._textarea["name"] and self._form is not None:
                self._form.fields.append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "button" and self._button is not None:
            if self._form is not None and self._button.get("type", "submit").lower() == "submit":
                self._form.buttons.append(self._button)
            self._button = None

    def _close_select(self):
        s, self._select = self._select, None
        if not s["name"] or self._form is None:
            return
        chosen = [o for o in s["options"] if o["selected"]]
        if not chosen and not s["multiple"] and s["options"]:
            chosen = s["options"][:1]  # a single select always submits its first option
        for o in chosen:
            value = o["value"] if o["value"] is not None else o["text"].strip()
            self._form.fields.append((s["name"], unescape(value)))


def forms_in(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def main_form(html: str, url: str) -> Form | None:
    """The page's own POST form (action empty or the page itself), as opposed to search boxes and buttons."""
    path = url.split("?")[0]
    for form in forms_in(html):
        if form.method == "post" and form.action.split("?")[0] in ("", path, "."):
            return form
    return None
