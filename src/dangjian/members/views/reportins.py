"""The community's side of 在职党员报到: who reported in (and when), and the community's report-in code to
print or send round — as a page to print, a PNG image or a PDF.

The list is what PartyMember's reach opens to the user: a community sees the in-service members who
reported to it although their branches lie elsewhere.
"""

import io

import segno
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from dangjian.core.roles import Role
from dangjian.core.scope import holds
from dangjian.core.views import get_visible_or_404, staff_only
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from ..models import PartyMember
from ..reporting import report_token
from .meetings import qr_svg

QR_ROLES = frozenset({Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY})


def may_print_code(user, community) -> bool:
    """The community's own staff and the street above it hand out its report-in code."""
    return holds(user, community, QR_ROLES)


def _report_url(request, community) -> str:
    return request.build_absolute_uri(reverse("phone:report_in", kwargs={"token": report_token(community)}))


@staff_only
def reportin_list(request):
    """在职党员报到: the members who reported in to the user's communities, newest first, with how often they
    joined the community's co-building activities this year."""
    user = request.user
    year = timezone.localdate().year
    communities = list(Organization.objects.visible_to(user).filter(kind=OrgKind.COMMUNITY_COMMITTEE)
                       .order_by("path")[:50])
    for c in communities:
        c.may_print = may_print_code(user, c)
    members = (PartyMember.objects.visible_to(user).active()
               .filter(in_service=True, registered_community__isnull=False)
               .select_related("person", "branch", "registered_community")
               .annotate(joined=Count("joint_activities", filter=Q(joint_activities__date__year=year), distinct=True))
               .order_by("-registered_on", "person__pinyin", "pk"))
    page = Paginator(members, 30).get_page(request.GET.get("page"))
    return render(request, "members/reportins.html", {
        "communities": communities, "page_obj": page, "object_list": page.object_list, "paginator": page.paginator,
        "is_paginated": page.has_other_pages(), "query_without_page": "", "year": year})


def _community(request, pk):
    community = get_visible_or_404(Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE), request.user,
                                   pk=pk)
    if not may_print_code(request.user, community):
        raise PermissionDenied("您的角色不能打印该社区的报到码。")
    return community


def reportin_qr(request, pk):
    """A sheet to print and put up at the service centre: the community's name and its report-in QR."""
    community = _community(request, pk)
    url = _report_url(request, community)
    return render(request, "members/reportin_qr.html", {"community": community, "qr": qr_svg(url, 10), "url": url})


def reportin_qr_file(request, pk, kind):
    """The same code as a PNG image (for a group chat, a poster) or a PDF (for the printer)."""
    if kind not in ("png", "pdf"):
        raise Http404
    community = _community(request, pk)
    buffer = io.BytesIO()
    segno.make(_report_url(request, community), error="m").save(buffer, kind=kind, scale=12, border=4,
                                                                 dark="#8c0f16")
    response = HttpResponse(buffer.getvalue(), content_type="image/png" if kind == "png" else "application/pdf")
    response["Content-Disposition"] = f"attachment; filename=report-in-{community.pk}.{kind}"
    return response
