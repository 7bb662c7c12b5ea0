from django import template
from django.contrib.auth.base_user import AbstractBaseUser

from dangjian.core.history import name_of

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def pct(value, digits=1):
    try:
        return f"{float(value):.{int(digits)}f}%"
    except (TypeError, ValueError):
        return "—"


@register.filter
def cell(obj, accessor: str):
    """A table cell from a dotted accessor; `get_x_display` and properties work, callables are called."""
    value = obj
    for part in accessor.split("."):
        if value is None:
            return ""
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) else getattr(value, part, "")
        if callable(value) and not hasattr(value, "all"):
            value = value()
    if isinstance(value, AbstractBaseUser):
        return name_of(value)  # a person's name, never the account's
    if value is True:
        return "是"
    if value is False:
        return "否"
    return "" if value is None else value


@register.filter
def who(user):
    """The person's name for an account (the account name only when no name is on file)."""
    return name_of(user) if user else ""


@register.simple_tag(takes_context=True)
def menu(context):
    """The side menu (core/_nav.html), drawn once per request: base.html shows it twice — in the side bar and in
    the phone's off-canvas panel — and drawing it twice was a tenth of a list page's rendering."""
    request = context.get("request")
    html = getattr(request, "_dj_menu", None)
    if html is None:
        html = context.template.engine.get_template("core/_nav.html").render(context)
        if request is not None:
            request._dj_menu = html
    return html
