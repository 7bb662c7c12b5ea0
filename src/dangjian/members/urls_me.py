from django.urls import path

from .views import me

app_name = "me"

urlpatterns = [
    path("", me.me_home, name="home"),
    path("points/", me.me_points, name="points"),
    path("meetings/", me.me_meetings, name="meetings"),
]
