from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from dangjian.core import export_jobs
from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.views import (
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    get_visible_or_404,
)
from dangjian.core.workflow import Refused

from . import actions
from .filters import PersonFilterSet
from .forms import PersonForm
from .models import Person

EXPORT_LIMIT = 50000


class PersonListView(ObjectListView):
    model = Person
    filterset_class = PersonFilterSet
    template_name = "people/person_list.html"

    def base_queryset(self):
        return Person.objects.select_related("organization")


class PersonView(ObjectView):
    model = Person
    template_name = "people/person.html"

    def base_queryset(self):
        return Person.objects.select_related("organization", "user")

    def get_context_data(self, **kwargs):
        from dangjian.orgs.models import GridStaff

        ctx = super().get_context_data(**kwargs)
        ctx["can_reveal"] = actions.may_reveal(self.request.user, self.object)
        ctx["grid_posts"] = GridStaff.objects.visible_to(self.request.user).filter(person=self.object).select_related(
            "grid"
        )
        return ctx


class PersonEditView(ObjectEditView):
    model = Person
    form_class = PersonForm


class PersonDeleteView(ObjectDeleteView):
    model = Person
    success_url_name = "people:person_list"


@require_POST
def person_reveal(request, pk, field):
    """Shows one full value in place (HTMX) for a permitted user; the reveal is logged."""
    person = get_visible_or_404(Person.objects.select_related("organization"), request.user, pk=pk)
    try:
        value = actions.reveal(request.user, person, field)
    except Refused as exc:  # a fragment, not a page to return to: the refusal is the answer
        if exc.status == 404:
            raise Http404(exc.text) from None
        raise PermissionDenied(exc.text) from None
    return HttpResponse(format_html('<span class="font-monospace revealed">{}</span>', value or "（未登记）"))


def person_export(request):
    """The filtered list as .xlsx; ID numbers and phones stay masked."""
    qs = Person.objects.select_related("organization").visible_to(request.user)
    filterset = PersonFilterSet(request.GET, queryset=qs, request=request)
    qs = filterset.qs if filterset.is_valid() else qs.none()
    started = export_jobs.in_background(request, rows=min(qs.count(), EXPORT_LIMIT), title="人员名册")
    if started:
        return started  # more than 2,000 rows: a long job with a progress bar
    headers = ["姓名", "性别", "出生日期", "民族", "学历", "身份证号", "手机号码", "居住地址", "所属组织"]
    rows = (
        (p.name, p.get_gender_display(), p.birth_date, p.ethnicity, p.get_education_display(), p.id_number_masked,
         p.phone_masked, p.address, p.organization.name)
        for p in qs[:EXPORT_LIMIT].iterator(chunk_size=2000)
    )
    wb = build_workbook("人员名册", headers, rows, subtitle="身份证号、手机号码已脱敏")
    return xlsx_response(wb, "人员名册.xlsx")


def person_lookup(request):
    """Options for person pickers: at most 20 matches within the user's scope."""
    from .filters import search_people

    text = request.GET.get("lookup_q", "").strip()
    rows = []
    if text:
        people = Person.objects.visible_to(request.user).select_related("organization")
        rows = search_people(people, text, user=request.user)[:20]
    return render(request, "people/_lookup_options.html", {"rows": rows, "text": text})
