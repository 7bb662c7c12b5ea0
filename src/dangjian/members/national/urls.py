from django.urls import path

from . import views

app_name = "national"

urlpatterns = [
    path("", views.home, name="home"),
    path("template.xlsx", views.template, name="template"),
    path("export.xlsx", views.export, name="export"),
    path("export-full/", views.export_full, name="export_full"),
    path("import/", views.import_, name="import"),
    path("compare/", views.compare, name="compare"),
]
