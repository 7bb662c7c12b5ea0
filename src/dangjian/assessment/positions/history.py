from dangjian.core.history import register

from .models import Position, Room, RoomBooking, StandingService

for model in (Position, Room, RoomBooking, StandingService):
    register(model)
