from django.contrib import messages

from dangjian.core.views import ObjectEditView, ObjectListView, ObjectView, evidence_response, get_visible_or_404

from .. import actions
from ..filters import BulletinFilterSet
from ..forms import BulletinForm
from ..models import Bulletin


class BulletinListView(ObjectListView):
    model = Bulletin
    filterset_class = BulletinFilterSet
    template_name = "members/bulletin_list.html"

    def get_queryset(self):
        qs = (Bulletin.objects.visible_to(self.request.user).select_related("organization")
              .order_by("-published_at", "-id"))
        self.filterset = self.filterset_class(self.request.GET, queryset=qs, request=self.request)
        return self.filterset.qs if self.filterset.is_valid() else qs.none()


class BulletinView(ObjectView):
    model = Bulletin
    template_name = "members/bulletin.html"

    def get_object(self, queryset=None):
        return get_visible_or_404(Bulletin.objects.prefetch_related("attachments"), self.request.user,
                                  pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        actions.mark_read(self.request.user, self.object)
        ctx = super().get_context_data(**kwargs)
        if ctx["can_edit"]:
            ctx["reads"] = actions.counted_reads(self.object).select_related("user").order_by("read_at")
        return ctx


def bulletin_file(request, pk, evidence_pk):
    return evidence_response(get_visible_or_404(Bulletin, request.user, pk=pk), evidence_pk)


class BulletinEditView(ObjectEditView):
    model = Bulletin
    form_class = BulletinForm

    def save_form(self, form):
        # Runs inside ObjectEditView's step(): a refused save takes its uploaded files back.
        files = form.cleaned_data.get("attachment_files", [])
        if form.instance.pk:
            return actions.update_bulletin(self.request.user, form.instance, form.cleaned_data["targets"], files)
        data = {k: form.cleaned_data[k] for k in ("kind", "title", "body", "link")}
        bulletin = actions.publish_bulletin(self.request.user, form.cleaned_data["organization"],
                                            targets=form.cleaned_data["targets"], files=files, **data)
        messages.info(self.request, "已推送给相关党员。")
        return bulletin
