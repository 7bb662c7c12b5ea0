from .activities import Activity, Signup
from .menu import AllianceMember, Booking, BrandProject, ServiceItem, ServiceSlot, Talent
from .outdoor import MatterStatus, OutdoorKind, OutdoorMatter, OutdoorSession
from .registration import Registration
from .stations import Station, StationDuty, StationService
from .volunteers import Archivable, Volunteer, VolunteerTeam
from .wishes import MicroWish

__all__ = [
    "Activity",
    "AllianceMember",
    "Archivable",
    "Booking",
    "BrandProject",
    "MatterStatus",
    "MicroWish",
    "OutdoorKind",
    "OutdoorMatter",
    "OutdoorSession",
    "Registration",
    "ServiceItem",
    "ServiceSlot",
    "Signup",
    "Station",
    "StationDuty",
    "StationService",
    "Talent",
    "Volunteer",
    "VolunteerTeam",
]
