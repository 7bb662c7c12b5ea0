from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("decisions/add/", views.DecisionEditView.as_view(), name="decision_add"),
    path("decisions/<int:pk>/", views.DecisionView.as_view(), name="decision"),
    path("decisions/<int:pk>/advance/", views.advance, name="advance"),
    path("decisions/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("decisions/<int:pk>/files/<int:evidence_pk>/", views.decision_file, name="decision_file"),
    path("supervisors/", views.SupervisorListView.as_view(), name="supervisor_list"),
    path("supervisors/add/", views.SupervisorEditView.as_view(), name="supervisor_add"),
    path("records/", views.RecordListView.as_view(), name="record_list"),
    path("records/add/", views.RecordEditView.as_view(), name="record_add"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/add/", views.ReportEditView.as_view(), name="report_add"),
    path("reports/<int:pk>/", views.ReportView.as_view(), name="report"),
    path("reports/<int:pk>/problem/", views.report_to_problem, name="report_to_problem"),
    path("reports/<int:pk>/answer/", views.report_answer, name="report_answer"),
]
