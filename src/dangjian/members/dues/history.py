from dangjian.core.history import register

from ..models.dues import DuesExemption, DuesMonth, DuesStandard

register(DuesStandard)
register(DuesMonth, exclude=("updated",))
register(DuesExemption, reasons={"批准": "审批意见", "不批准": "审批意见"})
