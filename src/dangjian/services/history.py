from dangjian.core.history import register

from .models import Activity, Booking, MicroWish, Registration, ServiceItem, Signup, Volunteer

for model in (MicroWish, ServiceItem, Volunteer):
    register(model)
register(Booking, labels={"slot": "服务时段"})
register(Signup, labels={"activity": "志愿活动", "signed_up_at": "报名时间", "cancelled_at": "取消报名时间"})
register(Activity, exclude=("checkin_token",))  # the check-in code is shown to organizers only, as a QR code
# Decisions on applications are history too.
register(Registration, mask=("phone",), exclude=("password", "phone_hash"), labels={"decided_by": "审核人"})
