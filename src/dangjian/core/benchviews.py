"""Yardsticks for `bench/compare.py`, served only when `DANGJIAN_BENCH_VIEWS=1` (never in production).

The member roster and the people list are compared, on the same server and data, with:

- the Django admin's changelist of the same model at the app's page size (25): `/bench/admin/`, an admin
  site of its own so the real admin keeps its defaults — people with the real `PersonAdmin`, party
  members (not in the real admin) with a plain `ModelAdmin` of the roster's columns;
- a minimal view that renders the same 25 rows (`visible_to(user)`, the list's own queryset) as a plain
  table: `/bench/minimal/people/`, `/bench/minimal/members/`. It is a URL of the project, so it goes
  through the whole middleware stack and the same sign-in, second factor and role.

And `/healthz` is compared with a bare view that runs the same `SELECT 1` through Django's request handler
with no middleware (`/bench/bare`): gunicorn serves `dangjian.core.benchwsgi`, which sends that one path to
such a handler and every other request to the project's, so both run in the same workers.
"""

from django.contrib import admin
from django.db import connection
from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html, format_html_join

from dangjian.members.models import PartyMember
from dangjian.people.models import Person

BARE_PATH = "/bench/bare"


class BenchAdminSite(admin.AdminSite):
    site_header = "基准对照（仅测试）"


class MemberAdmin(admin.ModelAdmin):
    """The roster's columns; the admin adds `select_related` for the foreign keys shown."""

    list_display = ["person", "category", "status", "branch", "join_date"]
    list_per_page = 25


def _with_page_size(model_admin: type) -> type:
    return type(f"Bench{model_admin.__name__}", (model_admin,), {"list_per_page": 25})


site = BenchAdminSite(name="benchadmin")
site.register(Person, _with_page_size(type(admin.site._registry[Person])))
site.register(PartyMember, MemberAdmin)


def _table(headings, rows) -> HttpResponse:
    head = format_html_join("", "<th>{}</th>", ((h,) for h in headings))
    body = format_html_join("", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),)
                                              for row in rows))
    return HttpResponse(format_html("<!doctype html><meta charset=utf-8><title>{}</title><table><tr>{}</tr>{}</table>",
                                    "对照", head, body))


def minimal_people(request):
    """The people list's first page: the same queryset and columns, none of the page around it."""
    from dangjian.people.views import PersonListView

    qs = PersonListView().base_queryset().visible_to(request.user)[:25]
    return _table(["姓名", "性别", "年龄", "身份证号", "手机号码", "所属组织"],
                  ([format_html('<a href="{}">{}</a>', p.get_absolute_url(), p.name), p.get_gender_display(),
                    p.age if p.age is not None else "", p.id_number_masked, p.phone_masked, p.organization.name]
                   for p in qs))


def minimal_members(request):
    """The member roster's first page: the same queryset and columns, none of the page around it."""
    from dangjian.members.views.roster import MemberListView

    qs = MemberListView().base_queryset().visible_to(request.user)[:25]
    return _table(["姓名", "性别", "年龄", "党龄", "类别", "状态", "所在支部", "标记"],
                  ([format_html('<a href="{}">{}</a>', m.get_absolute_url(), m.person.name),
                    m.person.get_gender_display(), m.person.age if m.person.age is not None else "", m.party_age,
                    m.get_category_display(), m.get_status_display(), m.branch.name, _marks(m)] for m in qs))


def _marks(member) -> str:
    return " ".join(label for flag, label in ((member.is_glory_50, "光荣在党50年"), (member.in_service, "在职"),
                                              (member.is_hardship, "困难")) if flag)


def bare(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path(BARE_PATH.lstrip("/"), bare),  # reached through benchwsgi.BareHandler (no middleware, no sign-in)
    path("bench/minimal/people/", minimal_people),
    path("bench/minimal/members/", minimal_members),
    path("bench/admin/", site.urls),
]
