from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from dangjian.core import account, home, views
from dangjian.orgs.api import GridViewSet, OrganizationViewSet, RoleAssignmentViewSet
from dangjian.people.api import PersonViewSet

router = DefaultRouter()
router.register("orgs", OrganizationViewSet, basename="organization")
router.register("grids", GridViewSet, basename="grid")
router.register("people", PersonViewSet, basename="person")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")

api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", account.LogoutView.as_view(), name="logout"),
    path("password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("switch-role/", account.switch_role, name="switch_role"),
    path("orgs/", include("dangjian.orgs.urls")),
    path("people/", include("dangjian.people.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]
