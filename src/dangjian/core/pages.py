"""Registry of every page and API endpoint, read by the role × view matrix test and by bench/.

An app registers each of its URLs here once (in its `pages.py`); the matrix test then checks it
for every persona, and the benchmark times it, without either knowing the app.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    url_name: str
    label: str
    model: type | None = None  # detail-style pages take this model's pk as `pk`
    api: bool = False
    bench: bool = True  # timed by bench/pages.py
    committee_sees: bool = True  # False: committee staff need an explicit grant (the resident archive)
    query: str = ""  # query string to append (e.g. a search)
    # () -> the URL's kwargs, for pages keyed by something other than a sampled model (looked up when asked)
    kwargs: Callable[[], dict] | None = None

    def url_for(self, obj=None) -> str:
        from django.urls import reverse

        kwargs = {"pk": obj.pk} if self.model is not None else (self.kwargs() if self.kwargs else {})
        url = reverse(self.url_name, kwargs=kwargs)
        return f"{url}?{self.query}" if self.query else url


PAGES: list[Page] = []


def register(*pages: Page) -> None:
    known = {(p.url_name, p.query) for p in PAGES}
    for page in pages:
        if (page.url_name, page.query) not in known:
            PAGES.append(page)


register(
    Page("home", "首页"),
    Page("inbox", "我的通知"),
    Page("password_change", "修改密码", bench=False),
    Page("api:schema", "API 结构（OpenAPI）", api=True, bench=False),
    Page("api:docs", "API 文档", api=True, bench=False),
)
