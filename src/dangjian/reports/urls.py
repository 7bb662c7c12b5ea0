from django.urls import path

from .views import annual, dashboard, figures, letterhead

app_name = "reports"

urlpatterns = [
    path("figures/<slug:key>/", figures.FigureRowsView.as_view(), name="figure"),
    path("annual/", annual.annual, name="annual"),
    path("letterhead/", letterhead.letterhead, name="letterhead"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/screen/", dashboard.dashboard_screen, name="dashboard_screen"),
]
