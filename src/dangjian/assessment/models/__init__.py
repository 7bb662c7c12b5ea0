from .positions import Position, PositionKind, PositionLevel, Room, RoomBooking, StandingService
from .scores import (
    AnalysisRule,
    AssessmentMonth,
    AssessmentUnit,
    Indicator,
    MonthlyScore,
    QuarterlyRanking,
    RankingEntry,
    ScoreChange,
)
from .summaries import WeeklySummary

__all__ = [
    "AnalysisRule",
    "AssessmentMonth",
    "AssessmentUnit",
    "Indicator",
    "MonthlyScore",
    "Position",
    "PositionKind",
    "PositionLevel",
    "QuarterlyRanking",
    "RankingEntry",
    "Room",
    "RoomBooking",
    "ScoreChange",
    "StandingService",
    "WeeklySummary",
]
