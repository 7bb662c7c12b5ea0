"""Small helpers shared by the ledger views: the workflow POST pattern and evidence uploads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect

from dangjian.core.forms import store_evidence
from dangjian.core.views import get_visible_or_404


def editable_or_403(model, user, pk):
    obj = get_visible_or_404(model, user, pk=pk)
    if not model.objects.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied("您的角色不能修改此记录。")
    return obj


def run_action(request, obj, func, success: str):
    """Run a workflow action; its ValidationError or PermissionDenied becomes a message, not a page."""
    try:
        func()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "您无权进行此操作。")
    else:
        messages.success(request, success)
    return HttpResponseRedirect(obj.get_absolute_url())


def evidence_from(request, field, organization):
    files = request.FILES.getlist(field)
    return store_evidence(files, organization, request.user) if files else []
