"""Small helpers shared by the ledger views: the workflow POST pattern and evidence uploads."""

from dangjian.core.forms import store_evidence
from dangjian.core.views import get_editable_or_404
from dangjian.core.views import run_action as core_run_action


def editable_or_403(model, user, pk):
    return get_editable_or_404(model, user, pk, "您的角色不能修改此记录。")


def run_action(request, obj, func, success: str):
    return core_run_action(request, obj.get_absolute_url(), func, success)


def evidence_from(request, field, organization):
    files = request.FILES.getlist(field)
    return store_evidence(files, organization, request.user) if files else []
