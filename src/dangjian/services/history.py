from dangjian.core.history import register

from .models import (
    Activity,
    AllianceMember,
    Booking,
    BrandProject,
    MicroWish,
    OutdoorMatter,
    OutdoorSession,
    Registration,
    ServiceItem,
    Signup,
    Station,
    StationDuty,
    StationService,
    Talent,
    Volunteer,
    VolunteerTeam,
)

for model in (MicroWish, ServiceItem, Volunteer, VolunteerTeam, AllianceMember, Talent, BrandProject, Station,
              StationDuty, StationService, OutdoorSession, OutdoorMatter):
    register(model)
register(Booking, labels={"slot": "服务时段"})
register(Signup, labels={"activity": "志愿活动", "signed_up_at": "报名时间", "cancelled_at": "取消报名时间"})
register(Activity, exclude=("checkin_token",))  # the check-in code is shown to organizers only, as a QR code
# Decisions on applications are history too.
register(Registration, mask=("phone",), exclude=("password", "phone_hash"), labels={"decided_by": "审核人"})
