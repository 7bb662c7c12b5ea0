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

for model in (PartyMember, CommitteePost, TrainingSession, CareVisit, Bulletin):
    register(model)
register(OrgLifeMeeting, exclude=("checkin_token",))
register(Attendance, labels={"meeting": "会议"})
# The link to the record that earned the points is for the page, not the history.
register(PointEntry, exclude=("source_url",), labels={"source_url": "来源"})
register(Award, reasons={"批准": "审批意见", "不批准": "审批意见"})
