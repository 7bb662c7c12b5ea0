from django.urls import path

from . import io_views, views

app_name = "dues"

urlpatterns = [
    path("", views.dues_home, name="home"),
    path("branch/<int:pk>/", views.dues_month, name="month"),
    path("branch/<int:pk>/generate/", views.dues_generate, name="generate"),
    path("branch/<int:pk>/standards/", views.dues_standards, name="standards"),
    path("branch/<int:pk>/sheet/", io_views.dues_sheet, name="sheet"),
    path("member/<int:pk>/", views.dues_member, name="member"),
    path("member/<int:pk>/standard/", views.dues_standard_add, name="standard_add"),
    path("member/<int:pk>/exemption/", views.dues_exemption_add, name="exemption_add"),
    path("exemptions/", views.dues_exemptions, name="exemptions"),
    path("exemptions/<int:pk>/decide/", views.dues_exemption_decide, name="exemption_decide"),
    path("arrears/", views.dues_arrears, name="arrears"),
    path("import/", io_views.dues_import, name="import"),
    path("import/template/", io_views.dues_import_template, name="import_template"),
    path("summary/", io_views.dues_summary, name="summary"),
    path("mine/", views.dues_mine, name="mine"),
]
