"""Position (阵地) and room-booking pages; part of assessment/urls.py (app_name "assessment")."""

from django.urls import path

from . import views

urlpatterns = [
    path("positions/", views.PositionListView.as_view(), name="position_list"),
    path("positions/add/", views.PositionEditView.as_view(), name="position_add"),
    path("positions/<int:pk>/", views.PositionView.as_view(), name="position"),
    path("positions/<int:pk>/edit/", views.PositionEditView.as_view(), name="position_edit"),
    path("positions/<int:pk>/delete/", views.PositionDeleteView.as_view(), name="position_delete"),
    # Adding a room or service: the pk is the position's.
    path("positions/<int:pk>/rooms/add/", views.RoomCreateView.as_view(), name="room_add"),
    path("positions/<int:pk>/services/add/", views.ServiceCreateView.as_view(), name="service_add"),
    path("rooms/<int:pk>/edit/", views.RoomEditView.as_view(), name="room_edit"),
    path("rooms/<int:pk>/delete/", views.RoomDeleteView.as_view(), name="room_delete"),
    path("standing-services/<int:pk>/edit/", views.ServiceEditView.as_view(), name="service_edit"),
    path("standing-services/<int:pk>/delete/", views.ServiceDeleteView.as_view(), name="service_delete"),
    path("bookings/", views.BookingListView.as_view(), name="booking_list"),
    path("bookings/add/", views.BookingCreateView.as_view(), name="booking_add"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
]
