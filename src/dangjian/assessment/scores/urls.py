"""Indicator, month, ranking and analysis pages; part of assessment/urls.py (app_name "assessment")."""

from django.urls import path

from . import views

urlpatterns = [
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/add/", views.IndicatorEditView.as_view(), name="indicator_add"),
    path("indicators/<int:pk>/edit/", views.IndicatorEditView.as_view(), name="indicator_edit"),
    path("months/", views.month_list, name="month_list"),
    path("months/open/", views.month_open, name="month_open"),
    path("months/<int:pk>/", views.month_view, name="month"),
    path("months/<int:pk>/compute/", views.month_compute, name="month_compute"),
    path("months/<int:pk>/publish/", views.month_publish, name="month_publish"),
    path("months/<int:pk>/units/<int:org_pk>/", views.breakdown, name="breakdown"),
    path("scores/<int:pk>/", views.score_set, name="score_set"),
    path("rankings/publish/", views.ranking_publish, name="ranking_publish"),
    path("rankings/<int:pk>/", views.ranking_view, name="ranking"),
    path("analysis/", views.analysis, name="analysis"),
    path("analysis/rule/", views.analysis_rule, name="analysis_rule"),
]
