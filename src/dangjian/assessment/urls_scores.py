from django.urls import path

from .views import scores

urlpatterns = [
    path("indicators/", scores.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/add/", scores.IndicatorEditView.as_view(), name="indicator_add"),
    path("indicators/<int:pk>/edit/", scores.IndicatorEditView.as_view(), name="indicator_edit"),
    path("months/", scores.month_list, name="month_list"),
    path("months/open/", scores.month_open, name="month_open"),
    path("months/<int:pk>/", scores.month_view, name="month"),
    path("months/<int:pk>/compute/", scores.month_compute, name="month_compute"),
    path("months/<int:pk>/publish/", scores.month_publish, name="month_publish"),
    path("months/<int:pk>/units/<int:org_pk>/", scores.breakdown, name="breakdown"),
    path("scores/<int:pk>/", scores.score_set, name="score_set"),
    path("rankings/publish/", scores.ranking_publish, name="ranking_publish"),
    path("rankings/<int:pk>/", scores.ranking_view, name="ranking"),
]

from .views import analysis as analysis_views  # noqa: E402

urlpatterns += [
    path("analysis/", analysis_views.analysis, name="analysis"),
    path("analysis/rule/", analysis_views.analysis_rule, name="analysis_rule"),
]
