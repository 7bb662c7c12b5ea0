from dangjian.core.history import register

from .models import (
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

for model in (AssessmentMonth, AssessmentUnit, Indicator, MonthlyScore, Position, QuarterlyRanking, Room,
              RoomBooking, StandingService, WeeklySummary):
    register(model)
