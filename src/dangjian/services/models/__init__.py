from .activities import Activity, Signup
from .menu import AllianceMember, Booking, BrandProject, ServiceItem, ServiceSlot, Talent
from .registration import Registration
from .volunteers import Volunteer, VolunteerTeam
from .wishes import MicroWish

__all__ = [
    "Activity",
    "AllianceMember",
    "Booking",
    "BrandProject",
    "MicroWish",
    "Registration",
    "ServiceItem",
    "ServiceSlot",
    "Signup",
    "Talent",
    "Volunteer",
    "VolunteerTeam",
]
