from dangjian.core.history import register

from .models import Activity, Booking, MicroWish, ServiceItem, Signup, Volunteer

for model in (Activity, Booking, MicroWish, ServiceItem, Signup, Volunteer):
    register(model)
