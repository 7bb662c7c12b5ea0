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

# The lifecycle parts (members/parts.py) keep their models here, beside the roster they extend.
from .dues import *  # noqa: E402,F401,F403
from .mobile import *  # noqa: E402,F401,F403
from .recruitment import *  # noqa: E402,F401,F403
from .transfers import *  # noqa: E402,F401,F403
