"""Which organization a page is about: one query parameter, `?within=<id>`, read in one place.

Every page that shows one part of the tree (a ledger, a dashboard, an analysis, a figure's rows, a
report, a unit's weekly summary) takes the organization from `?within=`; an id the user cannot see
is a 404, and without one the page is about the top of the user's own part of the tree.
"""

from django.http import Http404

from dangjian.core.params import int_param

from .choices import OrgKind
from .models import Organization

PARAM = "within"
PICKABLE = (OrgKind.DISTRICT, OrgKind.STREET_COMMITTEE, OrgKind.COMMUNITY_COMMITTEE, OrgKind.TWO_NEW_ORG,
            OrgKind.GENERAL_BRANCH)


def chosen_org(request, kinds=None, source=None) -> Organization:
    """The organization picked with `?within=` (from `source`, default the query string) among those the
    user sees — of `kinds` when given — or the top of the user's own part of the tree."""
    visible = Organization.objects.visible_to(request.user)
    if kinds:
        visible = visible.filter(kind__in=kinds)
    raw = (source if source is not None else request.GET).get(PARAM, "")
    if raw:
        org = visible.filter(pk=int_param(raw, 0)).first()
        if org is None:
            raise Http404("组织不存在")
        return org
    org = visible.order_by("depth", "path").first()
    if org is None:
        raise Http404("没有可查看的组织")
    return org


def org_choices(request, kinds=PICKABLE):
    """The organizations to offer in a page's picker (the user's visible ones of `kinds`)."""
    return Organization.objects.visible_to(request.user).filter(kind__in=kinds).only("id", "name", "depth")
