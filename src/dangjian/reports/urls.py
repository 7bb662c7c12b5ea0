from django.urls import path

from .urls_dashboard import urlpatterns as dashboard_patterns
from .views import annual, figures

app_name = "reports"

urlpatterns = [
    path("figures/<slug:key>/", figures.FigureRowsView.as_view(), name="figure"),
    path("annual/", annual.annual, name="annual"),
    *dashboard_patterns,
]
