from django.urls import path

from .paper import views as paper
from .views import annual, dashboard, figures, letterhead

app_name = "reports"

urlpatterns = [
    path("figures/<slug:key>/", figures.FigureRowsView.as_view(), name="figure"),
    path("annual/", annual.annual, name="annual"),
    path("letterhead/", letterhead.letterhead, name="letterhead"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/screen/", dashboard.dashboard_screen, name="dashboard_screen"),
    path("paper/letters/<int:pk>/", paper.letter_start, name="paper_letter"),
    path("paper/meetings/<int:pk>/", paper.meeting_start, name="paper_meeting"),
    path("paper/binders/<int:pk>/", paper.binder_start, name="paper_binder"),
]
