from .bulletins import Bulletin, BulletinRead
from .care import Award, CareVisit
from .meetings import Attendance, MeetingRequirement, OrgLifeMeeting
from .points import PointEntry, PointRule
from .roster import CommitteePost, PartyMember
from .training import TrainingAttendance, TrainingSession

__all__ = [
    "Attendance", "Award", "Bulletin", "BulletinRead", "CareVisit", "CommitteePost", "MeetingRequirement",
    "OrgLifeMeeting", "PartyMember", "PointEntry", "PointRule", "TrainingAttendance", "TrainingSession",
]
