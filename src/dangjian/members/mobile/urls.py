from django.urls import path

from . import views

app_name = "mobile"

urlpatterns = [
    path("out/", views.OutflowListView.as_view(), name="outflow_list"),
    path("out/add/", views.OutflowEditView.as_view(), name="outflow_add"),
    path("out/<int:pk>/", views.OutflowView.as_view(), name="outflow"),
    path("out/<int:pk>/edit/", views.OutflowEditView.as_view(), name="outflow_edit"),
    path("out/<int:pk>/return/", views.outflow_return, name="outflow_return"),
    path("out/<int:pk>/contact/", views.outflow_contact, name="outflow_contact"),
    path("in/", views.InflowListView.as_view(), name="inflow_list"),
    path("in/add/", views.InflowEditView.as_view(), name="inflow_add"),
    path("in/<int:pk>/", views.InflowView.as_view(), name="inflow"),
    path("in/<int:pk>/edit/", views.InflowEditView.as_view(), name="inflow_edit"),
    path("in/<int:pk>/participation/", views.inflow_participation, name="inflow_participation"),
]
