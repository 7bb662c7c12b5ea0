from dangjian.core.history import register

from .models import STAGE_LABELS, Decision, DecisionStep, SentimentReport, SupervisionRecord, Supervisor

# A stage's reason is the record of what was done in it; going back is explained by a cause.
register(Decision, reasons={**dict.fromkeys(STAGE_LABELS.values(), "记录"), "退回重议": "原因"})
register(DecisionStep, labels={"decision": "民主决策事项", "actor": "办理人"})
for model in (SentimentReport, SupervisionRecord, Supervisor):
    register(model)
