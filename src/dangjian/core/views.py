"""Generic page views. Every scoped page goes through these, so scoping lives here once.

`get_visible_or_404` is the single path for fetching one object: out of scope and missing look
the same to the user.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import generic

from .forms import KeepsUnchangedTimes, style_fields
from .history import history_for
from .paging import BoundedPaginator
from .reach import home_field
from .scope import grants, is_staff, is_unrestricted
from .widgets import LookupSelect
from .workflow import Refused, step


def get_visible_or_404(model_or_qs, user, **lookup):
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs.objects.all()
    return get_object_or_404(qs.visible_to(user), **lookup)


def can_create(user, model) -> bool:
    if is_unrestricted(user):
        return True
    allowed = set(getattr(model, "edit_roles", ()))
    return any(g.role in allowed for g in grants(user))


@login_not_required
def healthz(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def add_validation_error(form, exc: ValidationError) -> None:
    """Put an action's refusal on the form: on the field it names, else on top — except "not for your
    role" (403) and "does not exist for you" (404), which are answered as what they are."""
    status = getattr(exc, "status", 400)
    if status == 404:
        raise Http404(exc.messages[0])
    if status == 403:
        raise PermissionDenied(exc.messages[0])
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ScopedFormMixin:
    """Limits every choice of a scoped model to what the user may see or place records under."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            qs = getattr(field, "queryset", None)
            if qs is None or not hasattr(qs, "visible_to"):
                continue
            if home_field(qs.model) == "":  # a choice of organization: where the user may place this record
                target = getattr(getattr(self, "_meta", None), "model", None) or qs.model
                field.queryset = qs.placeable_for(user, target)
            else:
                field.queryset = qs.visible_to(user)
            # What an option's label reads (a resource names its partner): loaded with the options, not per option.
            related = getattr(qs.model, "label_related", ())
            if related:
                field.queryset = field.queryset.select_related(*related)
            lookup = getattr(qs.model, "lookup_url_name", None)
            if lookup and not isinstance(field, forms.ModelMultipleChoiceField):
                field.widget = LookupSelect(lookup)
                field.widget.choices = field.choices
        style_fields(self)


class ScopedModelForm(KeepsUnchangedTimes, ScopedFormMixin, forms.ModelForm):
    pass


def require_staff(user) -> None:
    """The one gate of staff pages: members, volunteers and residents (acting for themselves) get 404."""
    if user.is_authenticated and not is_staff(user):
        raise Http404


def staff_only(view):
    """Decorator form of `require_staff` for function views."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require_staff(request.user)
        return view(request, *args, **kwargs)

    return wrapped


class StaffOnlyMixin:
    """Class form of `require_staff`."""

    def dispatch(self, request, *args, **kwargs):
        require_staff(request.user)
        return super().dispatch(request, *args, **kwargs)


class ObjectListView(generic.ListView):
    """A paginated, filtered list of what the user may see; its count stops at a bound (core.paging)."""

    filterset_class = None
    paginate_by = 25
    paginator_class = BoundedPaginator
    template_name = "generic/object_list.html"

    def base_queryset(self):
        return self.model.objects.all()

    def get_queryset(self):
        qs = self.base_queryset().visible_to(self.request.user)
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET, queryset=qs, request=self.request)
            qs = self.filterset.qs if self.filterset.is_valid() else qs.none()
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filterset"] = getattr(self, "filterset", None)
        ctx["can_create"] = can_create(self.request.user, self.model)
        ctx["model_name"] = self.model._meta.verbose_name
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_without_page"] = query.urlencode()
        return ctx

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.boosted:
            return [self.template_name.replace(".html", "_rows.html")]
        return [self.template_name]


class TableListView(ObjectListView):
    """A list page described by its columns: [(label, dotted accessor)], the first one linking to the row."""

    template_name = "generic/table_list.html"
    columns: list[tuple[str, str]] = []
    search_fields: tuple = ()  # ?q= matches any of these (icontains)
    heading = ""
    add_url_name = ""
    extra_links: list[tuple[str, str]] = []
    select_related: tuple = ()

    def base_queryset(self):
        qs = self.model.objects.all()
        return qs.select_related(*self.select_related) if self.select_related else qs

    def get_queryset(self):
        from django.db.models import Q

        qs = super().get_queryset()
        text = self.request.GET.get("q", "").strip()
        if text and self.search_fields:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": text})
            qs = qs.filter(condition)
        return qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        """The same rows and columns as the page, as .xlsx (visible rows only, as everywhere)."""
        from django.template.defaultfilters import date as date_filter

        from .io.xlsx import build_workbook, xlsx_response
        from .templatetags.dj import cell

        def value(obj, accessor):
            v = cell(obj, accessor)
            return date_filter(v, "Y-m-d H:i") if hasattr(v, "hour") else (v if isinstance(v, (int, float)) else str(v))

        from .export_jobs import in_background

        title = self.heading or str(self.model._meta.verbose_name_plural)
        objects = self.get_queryset()[:20000]
        started = in_background(self.request, rows=objects.count(), title=title)
        if started:
            return started  # more than 2,000 rows: a long job with a progress bar
        rows = ([value(obj, a) for _, a in self.columns] for obj in objects)
        return xlsx_response(build_workbook(title, [label for label, _ in self.columns], rows), f"{title}.xlsx")

    def get_context_data(self, **kwargs):
        from django.urls import reverse

        ctx = super().get_context_data(**kwargs)
        ctx.update(columns=self.columns, heading=self.heading, extra_links=self.get_extra_links(),
                   add_url=reverse(self.add_url_name) if self.add_url_name else "",
                   searchable=bool(self.search_fields))
        return ctx

    def get_extra_links(self):
        from django.urls import reverse

        return [(label, reverse(name)) for label, name in self.extra_links]

    def get_template_names(self):
        return [self.template_name]


class ObjectView(generic.DetailView):
    template_name = "generic/object_detail.html"

    def base_queryset(self):
        return self.model.objects.all()

    def get_object(self, queryset=None):
        return get_visible_or_404(self.base_queryset(), self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_edit"] = self.model.objects.editable_by(user).filter(pk=self.object.pk).exists()
        ctx["history"] = history_for(self.object)
        return ctx


class ObjectEditView(generic.UpdateView):
    """Create (no pk) or change (pk) one object; out of scope is 404, read-only is 403.

    Declared, not overridden:
    - `guard`: the model's own edit rule from its actions (`staticmethod(actions.require_edit_term)`, raising
      `Refused`), used instead of `editable_by` where the object's state matters too (a closed term, a concluded
      pairing); `edit_related` names what the guard reads, loaded with the object.
    - `prefill`: query parameters that preselect a new object's choice (`?member=12` from a member's card); the
      form still limits the choice to what the user may pick, and an existing object keeps its own values.
    """

    template_name = "generic/object_edit.html"
    guard = None
    edit_related: tuple = ()
    prefill: tuple = ()

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs:
            if not can_create(self.request.user, self.model):
                raise PermissionDenied("您的角色不能新建此类记录。")
            return None
        source = self.model.objects.select_related(*self.edit_related) if self.edit_related else self.model
        obj = get_visible_or_404(source, self.request.user, pk=self.kwargs["pk"])
        if self.guard is not None:
            self.guard(self.request.user, obj)
            return obj
        if not self.model.objects.editable_by(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied("您的角色不能修改此记录。")
        return obj

    def get_initial(self):
        from .params import int_param

        initial = super().get_initial()
        if self.object is None:
            for name in self.prefill:
                value = int_param(self.request.GET.get(name))
                if value is not None:
                    initial[name] = value
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def save_form(self, form):
        """Hook for apps whose writes go through actions.py."""
        return form.save()

    def form_valid(self, form):
        try:
            with step():
                self.object = self.save_form(form)
                # A form must not move a row out of the user's reach (a community picked above their own).
                if not self.model.objects.editable_by(self.request.user).filter(pk=self.object.pk).exists():
                    raise Refused("保存后该记录将不在您的管理范围内，请选择您管理的组织。")
        except ValidationError as exc:
            add_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存{self.model._meta.verbose_name}「{self.object}」。")
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["model_name"] = self.model._meta.verbose_name
        ctx["is_new"] = self.object is None
        return ctx


class ObjectDeleteView(generic.DeleteView):
    template_name = "generic/object_delete.html"
    success_url_name = None

    def get_object(self, queryset=None):
        obj = get_visible_or_404(self.model, self.request.user, pk=self.kwargs["pk"])
        if not self.model.objects.editable_by(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied("您的角色不能删除此记录。")
        return obj

    def form_valid(self, form):
        from django.db.models import ProtectedError
        from django.urls import reverse

        name = str(self.object)
        try:
            with transaction.atomic():
                self.object.delete()
        except ProtectedError:
            messages.error(self.request, f"「{name}」仍有关联记录，不能删除。请先处理关联的人员或下级组织。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"已删除「{name}」。删除前的内容已记入操作记录。")
        return HttpResponseRedirect(reverse(self.success_url_name))



def evidence_response(owner, evidence_pk, field: str = "attachments"):
    """An evidence file, served only through a record the user may see that references it.

    Uploads are never exposed under a public /media/ URL: photos of members and residents are personal data.
    """
    from .uploads import served_file

    return served_file(get_object_or_404(getattr(owner, field).all(), pk=evidence_pk))


def get_editable_or_404(model, user, pk, message: str = "您的角色不能办理此事项。"):
    """The object if the user may change it: 404 when out of sight, 403 when only readable."""
    obj = get_visible_or_404(model, user, pk=pk)
    if not model.objects.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied(message)
    return obj


def run_action(request, redirect_to: str, func, success):
    """Run a workflow step (atomically, with its uploads): a refusal becomes a Chinese message on the next
    page — except "not for your role" (403) and "does not exist for you" (404), which are what they say."""
    try:
        with step():
            func()
    except ValidationError as exc:  # Refused, or a model's own validation inside the action
        status = getattr(exc, "status", 400)
        if status == 404:
            raise Http404(exc.messages[0]) from None
        if status == 403:  # a button this user is never shown: an error page, not a message
            raise PermissionDenied(exc.messages[0]) from None
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, success() if callable(success) else success)  # callable: says what was done
    return HttpResponseRedirect(redirect_to)
