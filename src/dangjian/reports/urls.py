from django.urls import path

from .views import annual, dashboard, figures

app_name = "reports"

urlpatterns = [
    path("figures/<slug:key>/", figures.FigureRowsView.as_view(), name="figure"),
    path("annual/", annual.annual, name="annual"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/screen/", dashboard.dashboard_screen, name="dashboard_screen"),
]
