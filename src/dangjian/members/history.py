from dangjian.core.history import register

from .models import (
    Attendance,
    Award,
    Bulletin,
    CareVisit,
    CommitteePost,
    OrgLifeMeeting,
    PartyMember,
    PointEntry,
    TrainingSession,
)

for model in (PartyMember, CommitteePost, OrgLifeMeeting, Attendance, TrainingSession, PointEntry, CareVisit, Award,
              Bulletin):
    register(model, exclude=("checkin_token",) if model is OrgLifeMeeting else ())
