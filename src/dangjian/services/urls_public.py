from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
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
