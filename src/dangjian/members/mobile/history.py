from dangjian.core.history import register

from ..models.mobile import Inflow, InflowParticipation, Outflow, OutflowContact

register(Outflow, mask=("phone",))  # history shows 138****5678, like the page
register(OutflowContact)
register(Inflow)
register(InflowParticipation, labels={"meeting": "组织生活"})
