from django.urls import path

from .views import dashboard

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/screen/", dashboard.dashboard_screen, name="dashboard_screen"),
]
