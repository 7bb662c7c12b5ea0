"""Change history people can read, and the one way a person behind an account is named.

django-auditlog keeps each change as stored strings: foreign keys by id, "None" for empty, dates in ISO,
choices by their code, JSON as text. Shown as kept, a problem's history read "验收人：None → street" and
"created by: None → secretary_a". `history_for` turns one object's entries into sentences —
"王建华 于 12月1日 10:02 验收通过" — with the reason of the step and the fields it changed under it, in the
page's own words: Chinese labels, choice labels (inside JSON lists too), related rows by their name, "—"
for empty. Related rows are fetched once per related model for the whole history, so a long history
costs no more queries than a short one. A creation lists only what was filled in; a change that shows
no difference is not an entry.

`register` is the one place a model's history is configured (what is left out, what is masked, the
labels of fields that have no Chinese verbose name, label maps for JSON codes, how a step's reason
is called); each app's `history.py` calls it.
"""

import ast
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time

EMPTY = "—"
TEXT_LIMIT = 200
ON_PHONES = 3  # entries a phone shows before "显示全部操作记录"

# Labels of account fields many models share and none names (verbose_name left at "created by").
ACCOUNT_LABELS = {
    "created_by": "登记人",
    "updated_by": "修改人",
    "submitted_by": "提交人",
    "confirmed_by": "确认人",
    "decided_by": "审批人",
    "approved_by": "审核人",
    "published_by": "发布人",
    "proposed_by": "推荐人",
    "granted_by": "授权人",
}
# How the reason of a step is called when its model does not say: why something was refused or asked
# for is a 理由, why something ended is a 原因.
ASKING = ("退回", "不同意", "不通过", "不批准", "申请", "驳回")
ENDING = ("关闭", "销档", "匿名", "终止", "取消", "办结", "撤销")
VERBS = {0: "新建", 1: "修改", 2: "删除", 3: "查看"}


@dataclass
class Settings:
    labels: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)
    reasons: dict = field(default_factory=dict)
    mask: tuple = ()


_SETTINGS: dict[type, Settings] = {}


def register(model, mask=(), exclude=(), labels=None, choices=None, reasons=None):
    """One place that decides how a model's history is kept and read, so all apps record alike.

    `labels`: {field: 中文} for fields without a Chinese verbose name (and for keys a `record` step
    writes that are no field); `choices`: {field: {code: 中文}} for codes kept without field choices
    (a JSON list of categories); `reasons`: {step: what its reason is called} ("记录", "审批意见").
    """
    from auditlog.registry import auditlog

    # Reverse relations (a position's rooms) are not the row's own data: left in, a new row's history
    # would read "rooms: None → assessment.Room.None"; the id is shown by the page itself.
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    auditlog.register(
        model,
        exclude_fields=["id", "created", "updated", *reverse, *exclude],
        mask_fields=list(mask),
        mask_callable="dangjian.core.masking.mask_any",
        mapping_fields={name: label for name, label in (labels or {}).items() if _is_field(model, name)},
        serialize_data=True,
        serialize_auditlog_fields_only=True,
    )
    _SETTINGS[model] = Settings(dict(labels or {}), dict(choices or {}), dict(reasons or {}), tuple(mask))


def _is_field(model, name) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def settings_for(model) -> Settings:
    return _SETTINGS.get(model._meta.concrete_model, Settings())


def field_label(model, name: str) -> str:
    """The Chinese label of a field (or of a key a workflow step wrote) in a model's history."""
    conf = settings_for(model)
    if name in conf.labels:
        return conf.labels[name]
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return ACCOUNT_LABELS.get(name, name)
    label = str(getattr(f, "verbose_name", name))
    if label == name.replace("_", " "):  # Django's default: no verbose name was given
        return ACCOUNT_LABELS.get(name, label)
    return label


# --- the name of a person behind an account ---------------------------------------------------------


def name_of(user) -> str:
    """The person's name for an account: their Person's, else the name on the account, else the account.

    An account linked to a person carries the person's name (`Person.name_account`), so a list showing
    an account per row asks nothing more; only an account without a name asks once for its person.
    """
    if user is None:
        return ""
    cache = user._state.fields_cache
    if "person" in cache:
        person = cache["person"]
        if person is not None and person.name:
            return person.name
    full = user.get_full_name()
    if full:
        return full
    if "person" not in cache and user.pk:
        try:
            name = user.person.name  # cached on the account, a missing person too
        except ObjectDoesNotExist:
            name = ""
        if name:
            return name
    return user.get_username()


# --- reading the history ----------------------------------------------------------------------------


@dataclass
class Line:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    who: str
    when: datetime
    what: str
    lines: list = field(default_factory=list)
    reason: str = ""
    reason_label: str = ""
    action: int = 1

    @property
    def when_text(self) -> str:
        local = timezone.localtime(self.when)
        day = f"{local.month}月{local.day}日"
        if local.year != timezone.localdate().year:
            day = f"{local.year}年{day}"
        return f"{day} {local:%H:%M}"

    @property
    def sentence(self) -> str:
        return f"{self.who} 于 {self.when_text} {self.what}"

    @property
    def created(self) -> bool:
        return self.action == 0


class History(list):
    """The entries, newest first; `truncated` when older ones were left out."""

    truncated = False
    on_phones = ON_PHONES


def history_for(obj, limit: int = 50) -> History:
    from auditlog.models import LogEntry

    model = obj._meta.concrete_model
    rows = list(LogEntry.objects.get_for_object(obj).select_related("actor__person")
                .order_by("-timestamp", "-pk")[:limit + 1])
    history = History()
    history.truncated = len(rows) > limit
    rows = rows[:limit]
    names = _related_names(model, rows)
    for row in rows:
        entry = _entry(model, row, names)
        if entry is not None:
            history.append(entry)
    return history


def _changes(row) -> dict:
    changes = row.changes
    if isinstance(changes, str):
        try:
            changes = json.loads(changes)
        except ValueError:
            changes = {}
    return changes if isinstance(changes, dict) else {}


def _field(model, name):
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return f if getattr(f, "concrete", False) else None


def _related_names(model, rows) -> dict:
    """{(related model, pk as text): display} for every related row any entry names, one query per model."""
    wanted: dict[type, set] = {}
    for row in rows:
        for name, values in _changes(row).items():
            f = _field(model, name)
            if f is None or not f.is_relation or not isinstance(values, (list, tuple)):
                continue
            for value in values:
                pk = _pk(value)
                if pk is not None:
                    wanted.setdefault(f.related_model, set()).add(pk)
    names = {}
    for related, pks in wanted.items():
        qs = related._base_manager.filter(pk__in=pks)
        if related._meta.label_lower == "auth.user":
            qs = qs.select_related("person")
            names.update({(related, str(u.pk)): name_of(u) for u in qs})
            continue
        forward = [f.name for f in related._meta.concrete_fields if f.is_relation]
        names.update({(related, str(o.pk)): str(o) for o in qs.select_related(*forward)})
    return names


def _pk(value):
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _entry(model, row, names) -> Entry | None:
    who = name_of(row.actor) if row.actor_id else "系统"
    extra = row.additional_data if isinstance(row.additional_data, dict) else {}
    changes = _changes(row)
    conf = settings_for(model)
    entry = Entry(who=who, when=row.timestamp, what="", action=row.action)
    if row.action == 3:  # a protected value read: the reading is the whole entry
        entry.what = _access(model, changes, extra)
        return entry
    step = str(extra.get("step") or "")
    if not step and set(changes) == {"import"}:  # a bulk import names itself in place of a change
        step = str((changes.pop("import") or ["", ""])[-1])
    if step:
        entry.what = step
    elif row.action in (0, 2):
        entry.what = VERBS[row.action] + str(model._meta.verbose_name)
    else:
        entry.what = VERBS[1]
    reason = str(extra.get("reason") or "").strip()
    if reason:
        entry.reason, entry.reason_label = reason, _reason_label(step, conf)
    for name, values in changes.items():
        if not isinstance(values, (list, tuple)) or len(values) != 2:
            continue
        before, after = (_show(model, name, v, names, conf) for v in values)
        if row.action == 0:
            if after == EMPTY or _unset_flag(model, name, values[1]):
                continue  # a new row lists what was filled in, not every empty field
        elif before == after:
            continue
        elif reason and after == reason and before == EMPTY:
            continue  # the step's reason, kept in a field too (关闭原因): said once, as the reason
        entry.lines.append(Line(field_label(model, name), before, after))
    if row.action == 1 and not entry.lines and not step and not reason:
        return None  # nothing anyone could see changed
    return entry


def _access(model, changes, extra) -> str:
    note, label = extra.get("note"), extra.get("label")
    if note and label:
        return f"{note}（{label}）"
    parts = []
    for values in changes.values():
        if isinstance(values, (list, tuple)) and len(values) == 2:
            what, how = (str(v) for v in values)
            parts.append(f"{how}{what}")
    return "、".join(parts) or f"查看{model._meta.verbose_name}"


def _reason_label(step: str, conf: Settings) -> str:
    if step in conf.reasons:
        return conf.reasons[step]
    if any(word in step for word in ASKING):
        return "理由"
    if any(word in step for word in ENDING):
        return "原因"
    return "理由"


def _unset_flag(model, name, raw) -> bool:
    f = _field(model, name)
    return isinstance(f, models.BooleanField) and str(raw) == "False"


def _is_empty(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() in ("", "None", "null", "[]", "{}"))


def _parse_json(raw):
    if not isinstance(raw, str):
        return raw
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(raw)
        except (ValueError, SyntaxError, TypeError):
            continue
    return raw


def _show(model, name, raw, names, conf) -> str:
    """One stored value as the page would show it."""
    if _is_empty(raw):
        return EMPTY
    f = _field(model, name)
    text = str(raw)
    if name in conf.mask and set(text) <= {"*"}:
        return EMPTY  # the mask of an empty value
    codes = conf.choices.get(name)
    if codes is None and f is not None and getattr(f, "choices", None):
        codes = {str(k): str(v) for k, v in f.flatchoices}
    if f is None:
        return _clip(text)
    if f.is_relation:
        pk = _pk(raw)
        if pk is None:
            return _clip(text)  # a value written in place of the id (an anonymised name)
        return names.get((f.related_model, str(pk)), "（已删除）")
    if isinstance(f, models.JSONField) or codes is not None:
        return _show_data(_parse_json(raw) if isinstance(f, models.JSONField) else raw, codes)
    if isinstance(f, models.BooleanField):
        return {"True": "是", "False": "否"}.get(text, text)
    if isinstance(f, models.DateTimeField):
        return _show_datetime(text)
    if isinstance(f, models.DateField):
        day = parse_date(text[:10]) if len(text) >= 10 else None
        return _show_date(day) if day else text
    if isinstance(f, models.TimeField):
        moment = parse_time(text)
        return f"{moment:%H:%M}" if moment else text
    if isinstance(f, models.DecimalField):
        try:
            return format(Decimal(text).normalize(), "f")
        except InvalidOperation:
            return text
    if isinstance(f, models.FileField):
        return os.path.basename(text)
    return _clip(text)


def _show_data(value, codes) -> str:
    codes = codes or {}
    if isinstance(value, (list, tuple, set)):
        shown = [codes.get(str(v), str(v)) for v in value if not _is_empty(v)]
        return "、".join(shown) or EMPTY
    if isinstance(value, dict):
        shown = [str(v) for v in value.values() if not _is_empty(v)]
        return _clip(" / ".join(shown)) or EMPTY
    return codes.get(str(value), _clip(str(value)))


def _show_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _show_datetime(text: str) -> str:
    moment = parse_datetime(text)
    if moment is None:
        return text
    if timezone.is_naive(moment):  # auditlog keeps date-times as naive UTC
        moment = timezone.make_aware(moment, UTC)
    local = timezone.localtime(moment)
    return f"{_show_date(local.date())} {local:%H:%M}"


def _clip(text: str) -> str:
    text = text.strip()
    return text if len(text) <= TEXT_LIMIT else text[:TEXT_LIMIT] + "…"
