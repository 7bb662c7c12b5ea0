from .activities import Activity, Signup
from .menu import AllianceMember, Booking, BrandProject, ServiceItem, ServiceSlot, Talent
from .volunteers import Volunteer, VolunteerTeam
from .wishes import MicroWish

__all__ = ["Activity", "AllianceMember", "Booking", "BrandProject", "MicroWish", "ServiceItem", "ServiceSlot",
           "Signup", "Talent", "Volunteer", "VolunteerTeam"]
