from django.urls import path

from . import phone, views

app_name = "coop"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="partner_list"),
    path("partners/add/", views.PartnerEditView.as_view(), name="partner_add"),
    path("partners/<int:pk>/", views.PartnerView.as_view(), name="partner"),
    path("partners/<int:pk>/edit/", views.PartnerEditView.as_view(), name="partner_edit"),
    path("agreements/add/", views.AgreementEditView.as_view(), name="agreement_add"),
    path("agreements/<int:pk>/edit/", views.AgreementEditView.as_view(), name="agreement_edit"),
    path("agreements/<int:pk>/end/", views.end_agreement, name="agreement_end"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/add/", views.ActivityEditView.as_view(), name="activity_add"),
    path("activities/<int:pk>/", views.ActivityView.as_view(), name="activity"),
    path("activities/<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/qr/", views.activity_qr, name="activity_qr"),
    path("activities/<int:pk>/photos/<int:evidence_pk>/", views.activity_photo, name="activity_photo"),
    path("lists/", views.lists, name="lists"),
    path("needs/add/", views.NeedEditView.as_view(), name="need_add"),
    path("needs/<int:pk>/match/", views.match_need, name="need_match"),
    path("resources/add/", views.ResourceEditView.as_view(), name="resource_add"),
    path("projects/add/", views.ProjectEditView.as_view(), name="project_add"),
    path("projects/<int:pk>/start/", views.start_project, name="project_start"),
    path("projects/<int:pk>/finish/", views.finish_project, name="project_finish"),
    path("participation/", views.participation_view, name="participation"),
]

# In-service members' phone pages, mounted at /p/cobuild/ under the "cobuild" namespace by the project's urls.py.
phone_patterns = [
    path("", phone.activities, name="activities"),
    path("<int:pk>/signup/", phone.sign_up, name="signup"),
    path("signups/<int:pk>/cancel/", phone.cancel, name="cancel"),
    path("check/<str:token>/", phone.check_in, name="check_in"),
]
