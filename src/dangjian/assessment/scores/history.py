from dangjian.core.history import register

from .models import AnalysisRule, AssessmentMonth, AssessmentUnit, Indicator, MonthlyScore, QuarterlyRanking

for model in (AnalysisRule, AssessmentMonth, AssessmentUnit, Indicator, MonthlyScore, QuarterlyRanking):
    register(model)
