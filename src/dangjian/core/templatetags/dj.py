from django import template

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
    if value is True:
        return "是"
    if value is False:
        return "否"
    return "" if value is None else value


@register.filter
def who(user):
    """A person's name for an account (the account name when none is on file)."""
    if not user:
        return ""
    return user.get_full_name() or user.get_username()
