from dangjian.core.history import register

from .models import Activity, Booking, MicroWish, Registration, ServiceItem, Signup, Volunteer

for model in (Booking, MicroWish, ServiceItem, Signup, Volunteer):
    register(model)
register(Activity, exclude=("checkin_token",))  # the check-in code is shown to organizers only, as a QR code
register(Registration, mask=("phone",), exclude=("password",))  # decisions on applications are history too
