"""Browser journeys: the live server with the tiny seeded world, Debian's Chromium driven by Playwright.

Each test is one journey (see `dangjian.testing.journey`); the ones that pass feed the user guide
(`DANGJIAN_GUIDE=1 pytest -m browser` writes docs/guide/, see `dangjian.testing.guide`).
"""

import os
from pathlib import Path

import pytest

from dangjian.testing.journey import Journey, JourneyRecord, shots_folder

PASSED: list[JourneyRecord] = []
FAILED: list[str] = []


@pytest.fixture
def journey(browser, live_server, request):
    """journey(key, title) → a Journey; its steps count for the guide when the test passes."""
    made: list[Journey] = []

    def start(key: str, title: str) -> Journey:
        order = request.session.items.index(request.node)
        j = Journey(browser, live_server.url, JourneyRecord(key, title, order), shots_folder())
        made.append(j)
        return j

    yield start
    report = getattr(request.node, "rep_call", None)
    for j in made:
        j.close()
        if report is not None and report.passed:
            PASSED.append(j.record)
        else:
            FAILED.append(j.record.title)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def pytest_sessionfinish(session, exitstatus):
    """DANGJIAN_GUIDE=1 (or partial) rewrites docs/guide/ from the journeys that passed; =check fails the run
    when the guide's steps no longer match them."""
    mode = os.environ.get("DANGJIAN_GUIDE", "")
    if not mode or not PASSED:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    say = reporter.write_line if reporter else print
    from dangjian.testing import guide

    folder = Path(session.config.rootpath) / "docs" / "guide"
    if mode == "check":
        if FAILED:
            return  # the failed journeys already fail the run
        old = guide.stale(PASSED, folder)
        if old:
            say(f"使用指南已过期（{'、'.join(old)}）：请运行 "
                "DANGJIAN_GUIDE=1 DANGJIAN_REQUIRE_BROWSER=1 pytest -m browser")
            session.exitstatus = 1
        return
    if FAILED and mode != "partial":
        say(f"使用指南未更新：{len(FAILED)} 个流程未通过（{'、'.join(FAILED)}）。"
            "DANGJIAN_GUIDE=partial 可只写已通过的流程。")
        return
    written = guide.write(PASSED, shots_folder(), folder)
    say(f"使用指南已写入 {folder}（{len(written)} 个文件，{len(PASSED)} 个流程）。")
