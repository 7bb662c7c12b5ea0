"""The user guide under docs/guide/, written from the browser journeys that passed.

One page per role: what the person does each week, then each journey they take part in, step by step,
with the screenshot of each step. Regenerate it with

    DANGJIAN_GUIDE=1 DANGJIAN_REQUIRE_BROWSER=1 pytest -m browser -p no:cacheprovider

It is written only when every journey passed (`DANGJIAN_GUIDE=partial` writes what passed), so the guide
never shows a step the product no longer takes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .journey import JourneyRecord


@dataclass(frozen=True)
class Role:
    key: str
    title: str
    account: str
    week: tuple[str, ...]


ROLES = (
    Role("street", "街道党工委", "street", (
        "每周一打开“我的待办”，先处理待验收的问题、待决定的关闭申请和逾期未整改的问题。",
        "年初和每季度下达任务清单，把任务分解到各社区，随时查看各社区的进度。",
        "社区报来整改结果后验收：通过，或退回整改。",
        "年底打开“年度落实情况报告”，核对平台从记录写成的报告，补充文字后下载公文报区委组织部。",
    )),
    Role("cadre", "包联干部", "cadre", (
        "每周到包联社区走访一次，按“看、听、说、办”记录走访情况。",
        "走访中发现的问题当场登记，问题自动进入问题清单，由社区整改。",
        "在“我的待办”查看本周的走访次数和待回复的督办。",
    )),
    Role("secretary", "社区书记", "secretary_a", (
        "每周打开“我的待办”：待整改的问题、本周到期的任务、待审核的微心愿、待确认的服务预约都列在这里。",
        "整改问题并上传佐证照片，交街道验收；登记上级下达任务的进展，完成后标记完成。",
        "审核居民的微心愿、确认服务预约，按“一征三议两公开”办理社区重大事项。",
    )),
    Role("branch", "支部书记", "branch", (
        "按“三会一课”安排组织生活：在平台上建会议，会前打印或投屏签到码。",
        "党员扫码签到后，出勤和积分自动记录；会后补记请假和缺席。",
        "每月在“党费”里打开本月收缴登记，勾选已交的党员，少交、补交照实登记；欠交的党员平台会提醒。",
        "在“我的待办”查看到期的发展党员环节和待接收的组织关系转接，按时办理。",
    )),
    Role("grid", "网格员", "grid", (
        "每周打开“我的待办”，查看走访逾期的民情档案。",
        "上门走访帮扶对象，登记帮扶内容并拍照，下次走访日期自动顺延。",
    )),
    Role("member", "党员", "member", (
        "参加组织生活时用手机扫会场的签到码签到。",
        "在“我的党建”查看近期会议、自己的出勤和积分；在“党员服务”里逐笔确认积分，有出入的提出异议。",
        "在职党员扫社区的报到码到居住地社区报到，在手机上报名社区的联创共建活动，到场扫码签到。",
    )),
    Role("resident", "居民", "resident", (
        "在手机上打开“社区服务”：许下微心愿、预约便民服务、报名志愿活动。",
        "心愿实现后在“我的”里确认；预约确认后按时前往。",
    )),
    Role("volunteer", "志愿者", "volunteer", (
        "在手机上打开“社区服务”，认领心愿墙上的微心愿。",
        "帮居民实现心愿后上传照片，等待居民确认。",
    )),
    Role("district", "区委组织部", "district", (
        "随时查看各街道的年度落实情况报告、考核排名和不平衡分析，点开数字核对所统计的记录。",
    )),
    Role("auditor", "审计管理员", "auditor", (
        "每周打开“审计日志”，查看登录失败、完整导出和查看个人信息的记录，发现异常及时报告。",
        "每月点“校验完整性”，确认审计日志没有被改动或删除；按需导出一段时间的审计日志存档。",
    )),
)
ROLE_BY_KEY = {r.key: r for r in ROLES}


def pages(journeys: list[JourneyRecord]) -> dict[str, str]:
    """{file name: text} of every page of the guide."""
    journeys = sorted(journeys, key=lambda j: j.order)
    out = {f"{role.key}.md": _role_page(role, [j for j in journeys if role.key in j.roles()]) for role in ROLES}
    out["README.md"] = _index(journeys)
    return out


def write(journeys: list[JourneyRecord], shots: Path, folder: Path) -> list[Path]:
    """Write docs/guide/README.md, one page per role and the pictures they use; return the files written."""
    images = folder / "img"
    images.mkdir(parents=True, exist_ok=True)
    for old in [*images.glob("*.jpg"), *images.glob("*.png")]:
        old.unlink()
    written = []
    for j in journeys:
        for s in j.steps:
            if s.image:
                shutil.copyfile(shots / s.image, images / s.image)
                written.append(images / s.image)
    for name, text in pages(journeys).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def stale(journeys: list[JourneyRecord], folder: Path) -> list[str]:
    """The guide's pages whose steps no longer match the journeys (pictures differ in pixels on every run,
    so the words and the picture names are what is compared), and pictures the pages name that are missing."""
    out = []
    for name, text in pages(journeys).items():
        page = folder / name
        if not page.exists() or page.read_text(encoding="utf-8") != text:
            out.append(name)
    for j in journeys:
        out += [f"img/{s.image}" for s in j.steps if s.image and not (folder / "img" / s.image).exists()]
    return out


def _role_page(role: Role, journeys: list[JourneyRecord]) -> str:
    lines = [f"# {role.title}使用指南", "", f"演示账号：`{role.account}`（密码见项目说明）。", "",
             "## 每周要做的事", ""]
    lines += [f"- {w}" for w in role.week]
    lines += [""]
    if journeys:
        lines += ["本页的流程：", ""]
        lines += [f"{n}. [{j.title}](#{_anchor(n, j.title)})" for n, j in enumerate(journeys, 1)]
        lines += [""]
    for n, j in enumerate(journeys, 1):
        lines += [f"## {n}. {j.title}", ""]
        others = [ROLE_BY_KEY[r] for r in j.roles() if r != role.key]
        if others:
            lines += ["同一流程中的其他人：" + "、".join(f"[{o.title}]({o.key}.md)" for o in others) + "。", ""]
        number = 0
        previous = None
        for s in j.steps:
            if s.role != role.key:
                if previous == role.key:
                    lines += [f"> 接下来由{ROLE_BY_KEY[s.role].title}办理。", ""]
                previous = s.role
                continue
            if previous not in (None, role.key):
                lines += [f"> {ROLE_BY_KEY[previous].title}办理后，回到{role.title}：", ""]
            previous = s.role
            number += 1
            lines += [f"**第 {number} 步**　{s.text}", ""]
            if s.image:
                lines += [f"![{s.text}](img/{s.image})", ""]
    return "\n".join(lines).rstrip() + "\n"


def _anchor(n: int, title: str) -> str:
    # GitHub's anchors: lower-case, spaces to hyphens, punctuation dropped (Chinese characters are kept).
    text = f"{n}. {title}".lower()
    kept = "".join(c for c in text if c.isalnum() or c in " -_" or "\u4e00" <= c <= "\u9fff")
    return kept.replace(" ", "-")


def _index(journeys: list[JourneyRecord]) -> str:
    lines = [
        "# 使用指南", "",
        "按角色分页，每页先说每周要做的事，再按流程一步一步配图说明。图片和步骤由浏览器自动化测试"
        "（`tests/journeys/`）在真实页面上操作时生成，产品改动后重新生成即可，不会与实际页面脱节。", "",
        "| 角色 | 演示账号 | 主要流程 |", "|---|---|---|",
    ]
    for role in ROLES:
        titles = [j.title for j in journeys if role.key in j.roles()]
        lines.append(f"| [{role.title}]({role.key}.md) | `{role.account}` | {'；'.join(titles) or '—'} |")
    lines += [
        "", "## 重新生成", "",
        "```bash",
        "DANGJIAN_GUIDE=1 DANGJIAN_REQUIRE_BROWSER=1 pytest -m browser -p no:cacheprovider",
        "```", "",
        "需要 Debian 的 `chromium` 和 `fonts-noto-cjk`（`apt-get install chromium fonts-noto-cjk`）。"
        "命令重写本目录下的 `*.md` 和 `img/`；只有全部流程通过时才会写入。"
        "持续集成用 `DANGJIAN_GUIDE=check` 运行同样的流程：步骤说明与本目录不一致时失败。", "",
    ]
    return "\n".join(lines)
