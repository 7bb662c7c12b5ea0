"""The member lifecycle's parts, each a sub-package shaped like an app (models live in models/<part>.py).

Recruitment, transfers, mobile members, dues and the national system's roster files are member work, so they
stay in the members app (one app per domain, DESIGN.md); as sub-packages they keep members' own modules small.
The discovery that finds an app's `seed`, `todo`, `metrics`, `jobs`, `reminders`, `pages`, `nav` and `history`
modules reaches a part's through `load`, called at the end of the members module of the same name.
"""

from importlib import import_module

PARTS = ("recruitment", "transfers", "mobile", "dues", "national")


def load(name: str) -> None:
    """Import `dangjian.members.<part>.<name>` for every part that has one."""
    for part in PARTS:
        module = f"dangjian.members.{part}.{name}"
        try:
            import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def register_api(router) -> None:
    """Each part's `api.register(router)` adds its viewsets to the project's router."""
    for part in PARTS:
        module = f"dangjian.members.{part}.api"
        try:
            api = import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        api.register(router)


def panels(member, user) -> list[dict]:
    """The member page's cards from the parts: each `<part>/panels.py` defines `panel(member, user)` returning
    None (nothing to show) or a dict with `template` and the context it needs (one or two queries at most)."""
    found = []
    for part in PARTS:
        module = f"dangjian.members.{part}.panels"
        try:
            source = import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        card = source.panel(member, user)
        if card:
            found.append(card)
    return found
