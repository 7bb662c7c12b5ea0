from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from dangjian.assessment.positions.api import PositionViewSet, RoomBookingViewSet
from dangjian.assessment.scores.api import RankingViewSet, ScoreViewSet
from dangjian.care.api import ResidentFileViewSet
from dangjian.coop.urls import phone_patterns as cobuild_phone_patterns
from dangjian.core import account, inbox, longjob_views, org_options, todo, trail_views, twofactor_views, views
from dangjian.core.api import NotFoundView
from dangjian.core.channels import views as channel_views
from dangjian.governance.api import DecisionViewSet
from dangjian.governance.urls import phone_urlpatterns as civic_phone
from dangjian.ledgers.api import (
    ProblemViewSet,
    ProgressEntryViewSet,
    ResponsibilityViewSet,
    TaskViewSet,
    VisitViewSet,
)
from dangjian.ledgers.urls import phone_urlpatterns as civic_answers
from dangjian.members import parts as member_parts
from dangjian.members.api import MeetingViewSet, PartyMemberViewSet, PointEntryViewSet, TrainingViewSet
from dangjian.members.urls import me_patterns
from dangjian.members.urls import phone_patterns as member_phone_patterns
from dangjian.members.views.phone import manifest
from dangjian.orgs import home
from dangjian.orgs.api import GridViewSet, OrganizationViewSet, RoleAssignmentViewSet
from dangjian.people.api import PersonViewSet
from dangjian.services.api import ActivityViewSet, ServiceItemViewSet, WishViewSet
from dangjian.services.urls import public_urlpatterns
from dangjian.services.views.registration import register as register_view

router = DefaultRouter()
router.register("orgs", OrganizationViewSet, basename="organization")
router.register("grids", GridViewSet, basename="grid")
router.register("people", PersonViewSet, basename="person")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("party-members", PartyMemberViewSet, basename="partymember")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("point-entries", PointEntryViewSet, basename="pointentry")
router.register("trainings", TrainingViewSet, basename="training")
router.register("problems", ProblemViewSet, basename="problem")
router.register("tasks", TaskViewSet, basename="task")
router.register("progress-entries", ProgressEntryViewSet, basename="progressentry")
router.register("responsibilities", ResponsibilityViewSet, basename="responsibility")
router.register("visits", VisitViewSet, basename="visit")
router.register("wishes", WishViewSet, basename="microwish")
router.register("activities", ActivityViewSet, basename="activity")
router.register("service-items", ServiceItemViewSet, basename="serviceitem")
router.register("resident-files", ResidentFileViewSet, basename="residentfile")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("rankings", RankingViewSet, basename="ranking")
router.register("scores", ScoreViewSet, basename="score")
router.register("positions", PositionViewSet, basename="position")
router.register("room-bookings", RoomBookingViewSet, basename="roombooking")
member_parts.register_api(router)  # recruitment, transfers, mobile members, dues (members/parts.py)

api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script from its own address (?script=): no inline <script>,
    # which the Content-Security-Policy would refuse.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="core/api_docs.html"),
         name="docs"),
    *router.urls,
    # Last: an /api/ address no route took answers a JSON 404 (core.api.NotFoundView), not the HTML page.
    re_path(r"^[\s\S]*/$", NotFoundView.as_view()),  # any character, a line break too
]

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers and bookmarking tools ask for /favicon.ico whatever the page says.
    path("favicon.ico", login_not_required(RedirectView.as_view(url=static("dangjian/favicon.svg"), permanent=True))),
    path("login/", account.LoginView.as_view(), name="login"),
    path("register/", register_view, name="register"),
    path("logout/", account.LogoutView.as_view(), name="logout"),
    path("password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("account/2fa/", twofactor_views.manage, name="twofactor"),
    path("account/2fa/verify/", twofactor_views.verify, name="twofactor_verify"),
    path("account/2fa/setup/", twofactor_views.setup, name="twofactor_setup"),
    path("account/2fa/codes/", twofactor_views.codes, name="twofactor_codes"),
    path("account/notifications/", channel_views.preferences_page, name="notify_preferences"),
    path("notify/", include("dangjian.core.channels.urls")),
    path("switch-role/", account.switch_role, name="switch_role"),
    path("todo/<str:key>/", todo.todo_list, name="todo"),
    path("pickers/organizations/", org_options.organization_options, name="organization_options"),
    path("notifications/", inbox.inbox, name="inbox"),
    path("audit/", trail_views.AuditListView.as_view(), name="audit_log"),
    path("audit/verify/", trail_views.verify, name="audit_verify"),
    path("notifications/<int:pk>/open/", inbox.open_notification, name="inbox_open"),
    path("notifications/read-all/", inbox.read_all, name="inbox_read_all"),
    path("jobs/", longjob_views.job_list, name="jobs"),
    path("jobs/<int:pk>/", longjob_views.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", longjob_views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", longjob_views.job_download, name="job_download"),
    path("jobs/<int:pk>/retry/", longjob_views.job_retry, name="job_retry"),
    path("jobs/start/", longjob_views.job_start, name="job_start"),
    path("members/recruitment/", include("dangjian.members.recruitment.urls")),
    path("members/transfers/", include("dangjian.members.transfers.urls")),
    path("members/mobile/", include("dangjian.members.mobile.urls")),
    path("members/dues/", include("dangjian.members.dues.urls")),
    path("members/national/", include("dangjian.members.national.urls")),
    path("members/", include("dangjian.members.urls")),
    path("me/", include((me_patterns, "me"))),
    path("ledgers/", include("dangjian.ledgers.urls")),
    path("coop/", include("dangjian.coop.urls")),
    path("services/", include("dangjian.services.urls")),
    path("p/", include((public_urlpatterns, "public"))),
    path("p/", include((member_phone_patterns, "phone"))),  # a member's own: report-in, points to confirm
    path("p/cobuild/", include((cobuild_phone_patterns, "cobuild"))),  # in-service members' co-building
    path("manifest.webmanifest", manifest, name="manifest"),  # the phone pages on the home screen (PWA)
    path("p/", include((civic_phone + civic_answers, "civic"))),  # residents' voice, 四大员, 两公开
    path("care/", include("dangjian.care.urls")),
    path("governance/", include("dangjian.governance.urls")),
    path("assessment/", include("dangjian.assessment.urls")),
    path("reports/", include("dangjian.reports.urls")),
    path("orgs/", include("dangjian.orgs.urls")),
    path("people/", include("dangjian.people.urls")),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]
if settings.BENCH_VIEWS:  # bench/compare.py's yardsticks (core/benchviews.py); never in production
    from dangjian.core import benchviews

    urlpatterns += benchviews.urlpatterns
