"""URLs for bench/compare.py: the platform's own, plus the two yardsticks it is compared with —
the Django admin's pages for the same models, and a minimal view (one query, plain HTML, no scoping)."""

from django.apps import apps
from django.contrib import admin
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.html import escape

from dangjian.urls import urlpatterns as platform

MODELS = ["ledgers.Problem", "ledgers.Task", "ledgers.Visit", "coop.JointActivity", "members.PartyMember",
          "people.Person"]

for label in MODELS:
    model = apps.get_model(label)
    if not admin.site.is_registered(model):
        admin.site.register(model, list_per_page=25)


def minimal_detail(request, label, pk):
    model = apps.get_model(label)
    obj = model._base_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    rows = "".join(f"<tr><th>{escape(f.verbose_name)}</th><td>{escape(getattr(obj, f.attname))}</td></tr>"
                   for f in model._meta.concrete_fields)
    return HttpResponse(f"<!doctype html><title>{escape(obj)}</title><table>{rows}</table>")


def minimal_list(request, label):
    model = apps.get_model(label)
    rows = "".join(f"<li>{escape(o)}</li>" for o in model._base_manager.order_by("-pk")[:25])
    return HttpResponse(f"<!doctype html><ul>{rows}</ul>")


urlpatterns = [
    path("admin/", admin.site.urls),  # built after the registrations above (the platform's was built before)
    path("bench/minimal/<str:label>/", minimal_list),
    path("bench/minimal/<str:label>/<int:pk>/", minimal_detail),
    *platform,
]
