"""Reach: every way a row becomes visible, declared on its model as data.

A scoped model lists its declarations in `reach`, e.g.

    reach = (Subtree("branch"), Own("person__user"), Subtree("registered_community", when=Q(in_service=True)))

`ScopedQuerySet` (querysets.py) turns the list into one query for `visible_to`, `editable_by` and
`counted_for`; the phone pages, the API, counts, exports and the test matrix's sampling read the
same list. No model writes its own `visible_to`: a rule kept in a method would be invisible to all
of them, which is how a page once showed a row that the tests never sampled.

Each declaration answers two questions:
- `q(user, grants)`: the rows it opens to this user (their grants already loaded);
- `q_at(path, role)`: the rows it opens to whoever holds `role` at the organization at `path`, or
  None when it depends on the person rather than the place (their own rows, a personal grant).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from . import tree
from .roles import SELF_ROLES, Role

SEE = "see"  # the row is shown: lists, details, exports, the API
COUNT = "count"  # the row is counted in figures, but not opened (the resident archive for the committee)
BOOK = "book"  # the row may be chosen for a booking (rooms of the positions above a branch)

EVERYONE = frozenset(Role)
STAFF_ROLES = EVERYONE - SELF_ROLES
NOTHING = Q(pk__in=[])


def _path_lookup(field: str) -> str:
    return f"{field}__path" if field else "path"


def _within(field: str, path: str) -> Q:
    """Rows whose organization (`field`; "" for an organization itself) lies in the subtree at `path`.

    Written `field IN (SELECT id FROM organization WHERE path LIKE 'path%')` rather than as a join on the
    path: the database then reads the subtree's organizations and, through the foreign key's index, their
    rows — a cost that follows the user's part of the tree. Joined, a street's list scanned every row of
    the district to test each one's path (SQLite's LIKE cannot use the path index)."""
    if not field:
        return Q(path__startswith=path)
    from django.apps import apps

    organizations = apps.get_model("orgs", "Organization")._base_manager.filter(path__startswith=path)
    return Q(**{f"{field}__in": organizations.values("pk")})


def _resolve(when):
    """A condition may be a Q or a function returning one (for conditions that read the clock)."""
    return when() if callable(when) else when


def _roles(roles) -> str:
    if roles is None:
        return "anyone holding a role"
    if frozenset(roles) == EVERYONE:
        return "every role"
    if frozenset(roles) == STAFF_ROLES:
        return "staff"
    if frozenset(roles) == SELF_ROLES:
        return "members, volunteers, residents"
    if frozenset(roles) > STAFF_ROLES:
        return "staff and " + ", ".join(sorted(str(r) for r in frozenset(roles) - STAFF_ROLES))
    return ", ".join(sorted(str(r) for r in roles))


class Reach:
    purpose: str = SEE
    writes: bool = False  # holders of the model's `edit_roles` may also change rows reached this way

    def describe(self) -> str:
        """One line for docs/reach.md: what the declaration opens, to whom, for what."""
        field = getattr(self, "field", "")
        text = f"{type(self).__name__}({field or 'self'})"
        roles = getattr(self, "roles", STAFF_ROLES)
        parts = [f"to {_roles(roles)}"]
        when = getattr(self, "when", None)
        if when is not None:
            condition = when.__name__.strip("_").replace("_", " ") if callable(when) else ", ".join(
                f"{k}={v}" for k, v in when.children)
            parts.append(f"when {condition}")
        if self.purpose != SEE:
            parts.append(f"for {self.purpose} only")
        if self.writes:
            parts.append("also writes")
        return f"{text}: {'; '.join(parts)}"

    def q(self, user, grants) -> Q:
        condition = NOTHING
        for grant in grants:
            one = self.q_at(grant.path, grant.role)
            if one is not None:
                condition |= one
        return condition

    def q_at(self, path: str, role: str) -> Q | None:
        return None


@dataclass(frozen=True)
class Subtree(Reach):
    """Rows whose organization (`field`; "" for an organization itself) lies in a grant's subtree."""

    field: str = "organization"
    roles: frozenset = STAFF_ROLES
    when: Q | Callable | None = None
    writes: bool = True
    purpose: str = SEE

    def q_at(self, path, role):
        if role not in self.roles:
            return None
        condition = _within(self.field, path)
        return condition & _resolve(self.when) if self.when is not None else condition


@dataclass(frozen=True)
class Own(Reach):
    """Rows that belong to the user (`field` leads to the account), for holders of `roles` (None: any role;
    a user who holds no role at all sees nothing, their own rows included)."""

    field: str
    roles: frozenset | None = SELF_ROLES
    writes: bool = False
    purpose: str = SEE

    def q(self, user, grants):
        if not any(self.roles is None or g.role in self.roles for g in grants):
            return NOTHING
        return Q(**{self.field: user})


@dataclass(frozen=True)
class Published(Reach):
    """What an organization (`field`, e.g. a street) publishes: open to staff in, above or below it."""

    field: str
    when: Q | Callable
    roles: frozenset = STAFF_ROLES
    writes: bool = False
    purpose: str = SEE

    def q_at(self, path, role):
        if role not in self.roles:
            return None
        lookup = _path_lookup(self.field)
        line = Q(**{f"{lookup}__in": tree.ancestor_paths(path)}) | Q(**{f"{lookup}__startswith": path})
        return line & _resolve(self.when)


@dataclass(frozen=True)
class InCommunity(Reach):
    """A community's public board: rows anywhere in the community a grant lies in (a resident's grid,
    a volunteer's branch), for residents, volunteers and members acting for themselves."""

    field: str = "organization"
    when: Q | Callable | None = None
    roles: frozenset = SELF_ROLES
    writes: bool = False
    purpose: str = SEE

    def q_at(self, path, role):
        if role not in self.roles:
            return None
        community = tree.at_depth(path, tree.COMMUNITY_DEPTH) or path
        condition = _within(self.field, community)
        return condition & _resolve(self.when) if self.when is not None else condition


@dataclass(frozen=True)
class Above(Reach):
    """Rows held by the organizations above a grant, from `from_depth` down (a branch books its community's rooms)."""

    field: str
    from_depth: int = tree.COMMUNITY_DEPTH
    roles: frozenset = STAFF_ROLES
    writes: bool = False
    purpose: str = BOOK

    def q_at(self, path, role):
        if role not in self.roles:
            return None
        above = tree.ancestor_paths(path, from_depth=self.from_depth)
        return Q(**{f"{_path_lookup(self.field)}__in": above}) if above else None


@dataclass(frozen=True)
class Granted(Reach):
    """Rows in the subtree of a personal grant that has not expired (`source`: "app.Model" with
    `user`, `organization` and `expires_on`), e.g. a committee member allowed to open archive files."""

    source: str
    field: str = "organization"
    writes: bool = False
    purpose: str = SEE
    roles = None

    def q(self, user, grants):
        from django.apps import apps
        from django.utils import timezone

        model = apps.get_model(self.source)
        paths = model.objects.filter(user=user, expires_on__gte=timezone.localdate()).values_list(
            "organization__path", flat=True)
        condition = NOTHING
        for path in paths:
            condition |= _within(self.field, path)
        return condition


def declarations(model) -> tuple[Reach, ...]:
    reach = getattr(model, "reach", None)
    if not reach:
        raise TypeError(f"{model.__name__} declares no reach: it cannot be scoped")
    return tuple(reach)


def home_field(model) -> str | None:
    """The field of the model's first Subtree: where a new row is placed, and what its organization is
    (None for personal rows that belong to a user, not to a part of the tree: notifications)."""
    for r in declarations(model):
        if isinstance(r, Subtree):
            return r.field
    return None


def home_lookup(model) -> str | None:
    field = home_field(model)
    return None if field is None else _path_lookup(field)


def is_scoped(model) -> bool:
    return bool(getattr(model, "reach", None))


def _needs_subquery(model, field: str) -> bool:
    """A path through a to-many relation would repeat a row once per related row when OR-ed in."""
    current = model
    for part in field.split("__"):
        try:
            f = current._meta.get_field(part)
        except Exception:  # a lookup (e.g. "isnull"), not a field
            return False
        if f.many_to_many or f.one_to_many:
            return True
        if not f.is_relation:
            return False
        current = f.related_model
    return False


def condition(model, user, grants, purposes=(SEE,), writing=False) -> Q:
    """The rows of `model` that the declarations open to the user, as one Q."""
    result = NOTHING
    for r in declarations(model):
        if r.purpose not in purposes or (writing and not r.writes):
            continue
        one = r.q(user, grants)
        field = getattr(r, "field", "")
        if field and _needs_subquery(model, field):
            one = Q(pk__in=model._default_manager.filter(one).values("pk"))
        result |= one
    return result


def opened_at(model, path: str, role: str, purposes=(SEE,)) -> Q:
    """The rows a holder of `role` at `path` sees through the place-bound declarations (tests sample with it)."""
    result = NOTHING
    for r in declarations(model):
        if r.purpose in purposes:
            one = r.q_at(path, role)
            if one is not None:
                field = getattr(r, "field", "")
                if field and _needs_subquery(model, field):
                    one = Q(pk__in=model._default_manager.filter(one).values("pk"))
                result |= one
    return result


@dataclass(frozen=True)
class Duty(Reach):
    """Every row, to the holder of one of the three administrative duties (三员, core/duties.py) — e.g. the
    audit log to the audit administrator; nobody else reaches it through a role in the tree."""

    duty: str
    roles = None
    field = ""

    def describe(self) -> str:
        return f"Duty({self.duty}): every row, to the holder of that duty only"

    def q(self, user, grants):
        from .duties import duty_of

        held = duty_of(user)
        # Q() would vanish when OR-ed with the other declarations (an empty Q is dropped): name every row.
        return Q(pk__isnull=False) if held is not None and held.value == self.duty else NOTHING
