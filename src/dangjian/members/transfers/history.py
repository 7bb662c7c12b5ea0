from dangjian.core.history import register

from ..models.transfers import Transfer

register(Transfer, exclude=("from_community", "to_community", "status_before"),
         reasons={"退回": "退回理由", "撤回": "撤回原因"})
