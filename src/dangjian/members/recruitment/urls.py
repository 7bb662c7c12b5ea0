"""发展党员: The recruitment pipeline: applicant → activist → candidate → probationary → full member."""

from django.urls import path

from . import views

app_name = "recruitment"

urlpatterns = [
    path("", views.CandidateListView.as_view(), name="candidate_list"),
    path("apply/", views.apply_view, name="apply"),
    path("<int:pk>/", views.CandidateView.as_view(), name="candidate"),
    path("<int:pk>/step/<str:step>/", views.step_view, name="step"),
]
