from django.urls import path

from .views import public, registration, staff

app_name = "services"

urlpatterns = [
    path("wishes/", staff.WishListView.as_view(), name="wish_list"),
    path("wishes/add/", staff.WishCreateView.as_view(), name="wish_add"),
    path("wishes/<int:pk>/", staff.WishView.as_view(), name="wish"),
    path("wishes/<int:pk>/<str:action>/", staff.wish_action, name="wish_action"),
    path("activities/", staff.ActivityListView.as_view(), name="activity_list"),
    path("activities/add/", staff.ActivityEditView.as_view(), name="activity_add"),
    path("activities/<int:pk>/", staff.ActivityView.as_view(), name="activity"),
    path("activities/<int:pk>/edit/", staff.ActivityEditView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/confirm/<int:signup_pk>/", staff.confirm_hours, name="confirm_hours"),
    path("volunteers/", staff.VolunteerListView.as_view(), name="volunteer_list"),
    path("volunteers/add/", staff.VolunteerEditView.as_view(), name="volunteer_add"),
    path("volunteers/<int:pk>/", staff.VolunteerView.as_view(), name="volunteer"),
    path("volunteers/<int:pk>/edit/", staff.VolunteerEditView.as_view(), name="volunteer_edit"),
    path("volunteers/<int:pk>/certificate.docx", staff.certificate, name="certificate"),
    path("teams/", staff.TeamListView.as_view(), name="team_list"),
    path("teams/add/", staff.TeamEditView.as_view(), name="team_add"),
    path("menu/", staff.ItemListView.as_view(), name="item_list"),
    path("menu/add/", staff.ItemEditView.as_view(), name="item_add"),
    path("menu/<int:pk>/", staff.ItemView.as_view(), name="item"),
    path("menu/<int:pk>/edit/", staff.ItemEditView.as_view(), name="item_edit"),
    path("menu/<int:pk>/slots/", staff.add_slots, name="add_slots"),
    path("bookings/", staff.BookingListView.as_view(), name="booking_list"),
    path("bookings/<int:pk>/<str:action>/", staff.booking_action, name="booking_action"),
    path("alliance/", staff.AllianceListView.as_view(), name="alliance_list"),
    path("alliance/add/", staff.AllianceEditView.as_view(), name="alliance_add"),
    path("talents/", staff.TalentListView.as_view(), name="talent_list"),
    path("talents/add/", staff.TalentEditView.as_view(), name="talent_add"),
    path("brands/", staff.BrandListView.as_view(), name="brand_list"),
    path("brands/add/", staff.BrandEditView.as_view(), name="brand_add"),
    path("registrations/", registration.RegistrationListView.as_view(), name="registration_list"),
    path("registrations/<int:pk>/decide/", registration.decide, name="registration_decide"),
]

# The phone pages for residents and volunteers, mounted at /p/ under the "public" namespace by the project's
# urls.py: path("p/", include((public_urlpatterns, "public"))).
public_urlpatterns = [
    path("", public.board, name="board"),
    path("mine/", public.mine, name="mine"),
    path("wishes/new/", public.wish_new, name="wish_new"),
    path("wishes/<int:pk>/claim/", public.claim, name="claim"),
    path("wishes/<int:pk>/fulfil/", public.fulfil, name="fulfil"),
    path("wishes/<int:pk>/confirm/", public.confirm, name="confirm"),
    path("menu/<int:pk>/", public.item, name="item"),
    path("slots/<int:pk>/book/", public.book, name="book"),
    path("bookings/<int:pk>/rate/", public.rate, name="rate"),
    path("activities/<int:pk>/signup/", public.signup, name="signup"),
    path("signups/<int:pk>/cancel/", public.cancel, name="cancel"),
    path("check/<str:token>/", public.check, name="check"),
]
