"""Small helpers shared by the ledger views."""

from dangjian.core.views import get_editable_or_404


def editable_or_403(model, user, pk):
    return get_editable_or_404(model, user, pk, "您的角色不能修改此记录。")
