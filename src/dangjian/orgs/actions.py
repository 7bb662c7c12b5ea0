"""Writes to the organization tree that must keep it consistent (called by views, API, seed).

Refusals are `core.workflow.Refused`, naming the form field they are about.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.core import tree
from dangjian.core.roles import RANK
from dangjian.core.scope import grants, holds, is_unrestricted
from dangjian.core.workflow import Refused

from .choices import OrgKind
from .models import Grid, GridStaff, Organization, RoleAssignment


def _fields(data: dict) -> dict:
    keep = {f.name for f in Organization._meta.get_fields() if getattr(f, "concrete", False)}
    return {k: v for k, v in data.items() if k in keep and k not in {"path", "depth", "numchild", "id"}}


@transaction.atomic
def create_organization(parent: Organization | None, **data) -> Organization:
    node = Organization(**_fields(data))
    node.check_parent(parent)
    if parent is None:
        return Organization.objects.add_root(instance=node)
    parent = Organization.objects.get(pk=parent.pk)  # fresh numchild/path
    return Organization.objects.add_child(parent, instance=node)


@transaction.atomic
def update_organization(org: Organization, new_parent: Organization | None = None, **data) -> Organization:
    fields = _fields(data)
    if "kind" in fields and fields["kind"] != org.kind:
        _check_kind_change(org)
    for key, value in fields.items():
        setattr(org, key, value)
    current = org.parent_org()
    org.check_parent(new_parent if new_parent is not None else current)
    if new_parent is not None and new_parent.pk != getattr(current, "pk", None):
        if tree.is_within(new_parent.path, org.path):
            raise Refused({"parent": "不能把组织移到它自己的下级组织之下。"})
        org.save()
        Organization.objects.move(org, Organization.objects.get(pk=new_parent.pk), "sorted-child")
        org.refresh_from_db()
    else:
        org.save()
    return org


def _check_kind_change(org: Organization) -> None:
    """A node's kind decides where its children, grid and role holders may sit: change it only when bare."""
    if org.numchild:
        raise Refused({"kind": "该组织已有下级组织，不能更改类型。"})
    if Grid.objects.filter(organization=org).exists():
        raise Refused({"kind": "该组织是网格的党支部，不能更改类型。"})
    if RoleAssignment.objects.filter(organization=org).exists():
        raise Refused({"kind": "该组织已有任职账号，不能更改类型。"})


@transaction.atomic
def create_grid(community: Organization, name: str, area: str = "", note: str = "", branch_name: str = "") -> Grid:
    """A grid comes with its grid branch: the node its residents and staff are scoped by."""
    if community.kind not in (OrgKind.COMMUNITY_COMMITTEE, OrgKind.GENERAL_BRANCH):
        raise Refused({"community": "网格只能设在社区党委（或党总支）之下。"})
    default_branch = f"{name}党支部" if name.endswith("网格") else f"{name}网格党支部"
    branch = create_organization(community, name=branch_name or default_branch, kind=OrgKind.GRID_BRANCH)
    return Grid.objects.create(organization=branch, name=name, area=area, note=note)


def may_manage_grid_staff(user, grid) -> bool:
    """Whoever manages the grid's branch (the community above it, the street) names its staff."""
    return holds(user, grid.organization, Grid.edit_roles)


@transaction.atomic
def add_grid_staff(user, grid, person, post, duty: str = "") -> GridStaff:
    if not may_manage_grid_staff(user, grid):
        raise Refused.forbidden("您的角色不能调整网格人员。")
    if not tree.is_within(person.organization.path, tree.parent_path(grid.organization.path)):
        raise Refused({"person": "只能选择本社区的人员。"})
    staff = GridStaff(grid=grid, person=person, post=post, duty=duty)
    staff.full_clean()  # one holder per fixed post, one post per person
    staff.save()
    return staff


@transaction.atomic
def remove_grid_staff(user, staff) -> None:
    if not may_manage_grid_staff(user, staff.grid):
        raise Refused.forbidden("您的角色不能调整网格人员。")
    staff.delete()


def grantable_roles(user) -> list[str]:
    """Roles this user may hand out: none ranked above their own highest role."""
    from dangjian.core.roles import Role

    if is_unrestricted(user):
        return list(Role.values)
    top = max((RANK[g.role] for g in grants(user)), default=0)
    return [r for r in Role.values if RANK[r] <= top]


@transaction.atomic
def assign_role(actor, *, username: str, organization, role, start=None, end=None, note="",
                initial_password: str = "", person=None, instance: RoleAssignment | None = None):
    """Give an account a role; a new account is created with the initial password given."""
    from django.contrib.auth.password_validation import validate_password

    from dangjian.people.models import Person

    User = get_user_model()
    if role not in grantable_roles(actor):
        raise Refused({"role": "不能分配高于自己角色的权限。"}, status=403)
    username = (username or "").strip()
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise Refused({"username": "账号只能包含字母、数字和 @/./+/-/_ 字符。"}) from exc
    user = User.objects.filter(username=username).first()
    if user is None:
        if not initial_password:
            raise Refused({"initial_password": "新账号需要设置初始密码。"})
        candidate = User(username=username)
        try:
            validate_password(initial_password, candidate)
        except ValidationError as exc:
            raise Refused({"initial_password": exc.messages}) from exc
        user = User.objects.create_user(username=username, password=initial_password)
    if person is not None:
        if person.user_id not in (None, user.pk):
            raise Refused({"person": "该人员已关联其他账号。"})
        if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            raise Refused({"person": "该账号已关联其他人员。"})
        if person.user_id is None:
            person.user = user
            person.save()
    assignment = instance or RoleAssignment()
    assignment.user = user
    assignment.organization = organization
    assignment.role = role
    assignment.start = start or timezone.localdate()
    assignment.end = end
    assignment.note = note
    assignment.full_clean()
    assignment.save()
    return assignment


# 双培四联三帮带: its writes and their predicates live in two_new_actions.py (named here for callers of this module).
from .two_new_actions import (  # noqa: E402, F401
    conclude_cultivation,
    may_conclude_cultivation,
    may_edit_two_new,
    save_two_new_record,
)
