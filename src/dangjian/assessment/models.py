"""The assessment app's models, defined in its three parts and collected here for Django.

Each part (positions, scores, summaries) keeps its models in its own `models.py`; importing them
here registers them under the app label "assessment", so the app's migrations stay as they are.
"""

from .positions.models import Position, PositionKind, PositionLevel, Room, RoomBooking, StandingService
from .scores.models import (
    AnalysisRule,
    AssessmentMonth,
    AssessmentUnit,
    Indicator,
    MonthlyScore,
    QuarterlyRanking,
    RankingEntry,
    ScoreChange,
)
from .summaries.models import WeeklySummary

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
