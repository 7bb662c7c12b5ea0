from dangjian.core.forms import store_evidence
from dangjian.core.views import ObjectEditView, ObjectListView, ObjectView, get_visible_or_404

from ..filters import ResponsibilityFilterSet
from ..forms import ContactPointForm, LetterForm, ResponsibilityForm
from ..models import ContactPoint, ResponsibilityLetter, ResponsibilityPost


class ResponsibilityListView(ObjectListView):
    model = ResponsibilityPost
    filterset_class = ResponsibilityFilterSet
    template_name = "ledgers/responsibility_list.html"

    def base_queryset(self):
        return ResponsibilityPost.objects.select_related("organization", "holder").prefetch_related("tasks")


class ResponsibilityEditView(ObjectEditView):
    model = ResponsibilityPost
    form_class = ResponsibilityForm


class LetterListView(ObjectListView):
    model = ResponsibilityLetter
    template_name = "ledgers/letter_list.html"

    def base_queryset(self):
        return ResponsibilityLetter.objects.select_related("community", "committee", "scan").prefetch_related("tasks")


class LetterView(ObjectView):
    model = ResponsibilityLetter
    template_name = "ledgers/letter.html"

    def base_queryset(self):
        return ResponsibilityLetter.objects.select_related("community", "committee", "scan")


class LetterEditView(ObjectEditView):
    model = ResponsibilityLetter
    form_class = LetterForm

    def save_form(self, form):
        letter = form.save()
        upload = form.cleaned_data.get("scan_file")
        if upload:
            letter.scan = store_evidence([upload], letter.community, self.request.user)[0]
            letter.save(update_fields=["scan"])
        return letter


def letter_scan(request, pk):
    """The signed scan, through the letter (so only those who may see the letter get it)."""
    from django.http import Http404

    from dangjian.core.uploads import served_file

    letter = get_visible_or_404(ResponsibilityLetter.objects.select_related("scan"), request.user, pk=pk)
    if letter.scan is None:
        raise Http404("没有扫描件")
    return served_file(letter.scan)


class ContactPointListView(ObjectListView):
    model = ContactPoint
    template_name = "ledgers/contact_list.html"

    def base_queryset(self):
        return ContactPoint.objects.select_related("cadre", "community")


class ContactPointEditView(ObjectEditView):
    model = ContactPoint
    form_class = ContactPointForm
