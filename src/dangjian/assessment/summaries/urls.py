"""Weekly summary pages; part of assessment/urls.py (app_name "assessment")."""

from django.urls import path

from . import views

urlpatterns = [
    path("summaries/", views.SummaryListView.as_view(), name="summary_list"),
    path("summaries/write/", views.SummaryWriteView.as_view(), name="summary_write"),
    path("summaries/late/", views.SummaryLateView.as_view(), name="summary_late"),
    path("summaries/<int:pk>/", views.SummaryView.as_view(), name="summary"),
]
