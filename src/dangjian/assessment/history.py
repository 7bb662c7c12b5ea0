from dangjian.core.history import register

from .models import (
    AnalysisRule,
    AssessmentMonth,
    AssessmentUnit,
    Indicator,
    MonthlyScore,
    Position,
    QuarterlyRanking,
    Room,
    RoomBooking,
    StandingService,
    WeeklySummary,
)

for model in (AnalysisRule, AssessmentMonth, AssessmentUnit, Indicator, MonthlyScore, Position, QuarterlyRanking, Room,
              RoomBooking, StandingService):
    register(model)
register(WeeklySummary, exclude=("figures",))  # the snapshot is shown on the summary itself
