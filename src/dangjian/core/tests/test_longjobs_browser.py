"""In a real browser: the job page's bar follows the job by itself (htmx polling, nothing refused by the
Content-Security-Policy), and stops asking once the file is ready."""

import pytest
from playwright.sync_api import expect

from dangjian.core.longjob_model import LongJob
from dangjian.testing import world
from dangjian.testing.journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_progress_bar_follows_the_job_and_offers_the_file_when_done(page):
    sign_in(page, "secretary_a")
    job = LongJob.objects.create(user=world.user("secretary_a"), kind="download", label="生成下载文件：测试",
                                 status=LongJob.RUNNING, done=1, total=4, step="第 1 步")
    page.goto(page.base_url + job.get_absolute_url())
    bar = page.locator("#job-status .progress-bar")
    assert bar.inner_text() == "25%"
    LongJob.objects.filter(pk=job.pk).update(done=3, step="第 3 步")
    expect(page.locator("#job-status .progress-bar")).to_have_text("75%", timeout=10_000)
    assert "第 3 步" in page.inner_text("[data-testid=job-step]")
    # the bar's width is drawn from data-bar by behaviours.js on the swapped-in block (no style="" under the CSP)
    expect(page.locator("#job-status .progress-bar")).to_have_attribute("style", "width: 75%;")
    LongJob.objects.filter(pk=job.pk).update(status=LongJob.DONE, done=4, filename="测试.xlsx", result="jobs/x.xlsx")
    page.wait_for_selector("[data-testid=job-download]", timeout=10_000)
    assert "hx-trigger" not in page.inner_html("body")  # done: no more polling
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
