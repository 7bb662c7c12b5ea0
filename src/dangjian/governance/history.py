from dangjian.core.history import register

from .models import Decision, DecisionStep, SentimentReport, SupervisionRecord, Supervisor

for model in (Decision, DecisionStep, SentimentReport, SupervisionRecord, Supervisor):
    register(model)
