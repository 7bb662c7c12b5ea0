"""Registry of every page, form, action and API endpoint, read by the role × view matrices and by bench/.

An app registers each of its named URLs here once (in its `pages.py`); the matrix tests then check
it for every persona — reads and writes — and the benchmark times it, without either knowing the
app. A named URL that is neither registered nor `exempt`ed with a reason fails the suite, so a new
page cannot slip past the scoping tests.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from .models import Notification
from .roles import READ_ONLY_ROLES, SELF_ROLES, Role


@dataclass(frozen=True)
class Page:
    url_name: str
    label: str
    model: type | None = None  # pages about one object: sampled from this model by its reach
    creates: type | None = None  # pages that make a new row of this model (its `edit_roles` are the writers)
    api: bool = False
    bench: bool = True  # timed by bench/pages.py (and held to a query budget)
    committee_sees: bool = True  # False: committee staff need an explicit grant (the resident archive)
    query: str = ""  # query string to append (e.g. a search)
    # The URL's kwargs: by default {"pk": obj.pk}. Give a function of the sampled object (None without a
    # model) for other keys: a child's id, an action name, a token.
    kwargs: Callable | None = None
    where: Q | None = None  # sample only objects that also match this (e.g. ones with an evidence file)
    writes: bool = False  # a POST (API: PATCH on a detail) here changes data: a form, an action, a delete
    get: bool = True  # False: POST only (an action button); a GET answers 405 or redirects
    # Roles that may write here; None: the `edit_roles` of `model` or `creates` (else any staff role). The
    # write matrix checks that everyone else — read-only and self-service roles — is refused.
    writers: frozenset | None = None
    budget: int = 20  # most queries a GET may make, at any scale

    @property
    def writer_roles(self) -> frozenset:
        """The roles that may write here: `writers`, else the edit roles of the model, else any writing staff."""
        if self.writers is not None:
            return frozenset(self.writers)
        model = self.model or self.creates
        if model is not None and hasattr(model, "edit_roles"):
            return frozenset(model.edit_roles)
        return frozenset(Role) - SELF_ROLES - READ_ONLY_ROLES

    @property
    def self_service(self) -> bool:
        """A page people use for themselves (the phone pages, signing in to a meeting): staff may get 404."""
        return bool(self.writers) and self.writers <= SELF_ROLES

    @property
    def timed(self) -> bool:
        """Measured by bench/ and held to its query budget: pages someone opens (not POST-only steps)."""
        return self.bench and self.get

    def url_kwargs(self, obj=None) -> dict:
        if self.kwargs is not None:
            return self.kwargs(obj)
        return {"pk": obj.pk} if self.model is not None else {}

    def url_for(self, obj=None) -> str:
        from django.urls import reverse

        url = reverse(self.url_name, kwargs=self.url_kwargs(obj))
        return f"{url}?{self.query}" if self.query else url

    def sample_from(self, qs):
        """The first object of `qs` this page can be opened for."""
        qs = qs.filter(self.where) if self.where is not None else qs
        return qs.order_by("pk").first()


PAGES: list[Page] = []
EXEMPT: dict[str, str] = {}  # url name → why the matrices do not cover it


def register(*pages: Page) -> None:
    known = {(p.url_name, p.query, p.label) for p in PAGES}
    for page in pages:
        if (page.url_name, page.query, page.label) not in known:
            PAGES.append(page)


def exempt(url_name: str, reason: str) -> None:
    """A named URL the matrices leave alone, and why (it is public, or it is the login itself)."""
    EXEMPT[url_name] = reason


register(
    Page("home", "首页"),
    Page("inbox", "我的通知"),
    Page("todo", "我的待办：待验收的问题", kwargs=lambda _: {"key": "problems_to_verify"}),
    Page("todo", "我的待办：待回复的督办", kwargs=lambda _: {"key": "notices"}),
    Page("inbox_open", "打开通知", model=Notification, writes=True, get=False, writers=frozenset(Role)),
    Page("password_change", "修改密码", bench=False, writes=True, writers=frozenset(Role)),  # one's own password
    # The organization picker of every filter: what it answers is scoped (core/org_options.py).
    Page("organization_options", "组织选择器", budget=8),
    Page("organization_options", "组织选择器：拼音首字母", query="q=sq", budget=8),
    Page("api:schema", "API 结构（OpenAPI）", api=True, bench=False),
    Page("api:docs", "API 文档", api=True, bench=False),
)


def _job_of(username: str, status: str) -> dict:
    """A job of the seeded world's persona (core/seed.py): a job is its owner's alone, so the pages are opened
    with one of secretary_a's, whom the matrices sign in as; anyone else's answers 404 (core/tests)."""
    from .longjob_model import LongJob

    job = LongJob.objects.filter(user__username=username, status=status).order_by("pk").first()
    return {"pk": job.pk if job else 0}


register(
    Page("jobs", "我的后台任务"),
    # One job's pages are secretary_a's alone: the benchmark's personas would get 404 (bench=False).
    Page("job", "后台任务进度", kwargs=lambda _: _job_of("secretary_a", "done"), bench=False),
    Page("job", "后台任务进度：失败", kwargs=lambda _: _job_of("secretary_a", "failed"), bench=False),
    Page("job_progress", "后台任务进度（局部刷新）", kwargs=lambda _: _job_of("secretary_a", "done"), bench=False),
    Page("job_download", "下载后台任务的文件", kwargs=lambda _: _job_of("secretary_a", "done"), bench=False),
    Page("job_retry", "重试后台任务", kwargs=lambda _: _job_of("secretary_a", "failed"), writes=True, get=False,
         writers=frozenset(Role)),  # one's own job: whoever started it
    # The button of a large download's confirmation page (a GET only asks): starts the signed download as a job.
    Page("job_start", "开始后台生成下载文件", writes=True, get=False, writers=frozenset(Role)),
    Page("todo", "我的待办：待下载的文件", kwargs=lambda _: {"key": "job_downloads"}),
)
exempt("audit_log", "the audit administrator's alone (no role in the tree opens it): core/tests/test_duties.py")
exempt("audit_verify", "the audit administrator's alone: core/tests/test_duties.py")
exempt("healthz", "public health check for the load balancer; reads no data")
exempt("login", "the sign-in page itself")
exempt("logout", "ends the session; changes no data")
exempt("register", "public self-registration form; its refusals are tested in services")
exempt("switch_role", "switches among the user's own grants; tested in orgs")
exempt("api:api-root", "DRF's index of endpoint links; lists no data")
exempt("twofactor", "one's own second factor: its state and the button to renew one's own recovery codes")
exempt("twofactor_verify", "the sign-in's second step (core.gate); tested in core/tests/test_twofactor.py")
exempt("twofactor_setup", "sets up one's own authenticator; touches no one else's rows (test_twofactor.py)")
exempt("twofactor_codes", "one's own recovery codes, shown once; touches no one else's rows (test_twofactor.py)")
exempt("inbox_read_all", "marks the user's own notifications read; touches no one else's rows")
