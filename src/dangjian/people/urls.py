from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("export.xlsx", views.person_export, name="person_export"),
    path("lookup/", views.person_lookup, name="person_lookup"),
    path("add/", views.PersonEditView.as_view(), name="person_add"),
    path("<int:pk>/", views.PersonView.as_view(), name="person"),
    path("<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("<int:pk>/reveal/<str:field>/", views.person_reveal, name="person_reveal"),
]
