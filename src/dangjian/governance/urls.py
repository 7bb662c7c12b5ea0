from django.urls import path

from . import openboard, phone, views

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

# Phone pages (/p/, namespace "civic", with the resident's answers of ledgers.urls.phone_urlpatterns): mounted
# by the project's urls.py.
phone_urlpatterns = [
    path("voice/", phone.voice, name="voice"),
    path("decisions/<int:pk>/opinion/", phone.opinion, name="opinion"),
    path("reports/new/", phone.report_new, name="report_new"),
    path("reports/<int:pk>/photo/<int:evidence_pk>/", phone.report_photo, name="report_photo"),
    path("supervision/", phone.supervision, name="supervision"),
    path("open/<int:pk>/", openboard.open_board, name="open_board"),
]
