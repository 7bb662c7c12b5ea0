from django.urls import path

from . import views

app_name = "care"

urlpatterns = [
    path("", views.FileListView.as_view(), name="file_list"),
    path("add/", views.FileEditView.as_view(), name="file_add"),
    path("stats/", views.stats, name="stats"),
    path("grids/", views.grid_network, name="grid_network"),
    path("export/", views.export, name="export"),
    path("<int:pk>/", views.FileView.as_view(), name="file"),
    path("<int:pk>/edit/", views.FileEditView.as_view(), name="file_edit"),
    path("<int:pk>/visits/add/", views.add_visit, name="add_visit"),
    path("<int:pk>/groups/add/", views.add_group, name="add_group"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/visits/<int:visit_pk>/photos/<int:evidence_pk>/", views.visit_photo, name="visit_photo"),
]
