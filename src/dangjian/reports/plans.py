"""Section 三 of the annual report: next year's work, from the committee's tasks and letters."""

from datetime import date

from dangjian.ledgers.choices import Category
from dangjian.ledgers.models import Task, VisitRequirement

from .composer import _n


def write_plans(self):
    """Section 三, written by the composer `self`."""
    f, org = self.f, self.org
    nxt = self.year + 1
    self.add("h1", "三、下一步工作打算")
    self.add(
        "p",
        f"{nxt}年，{self.leader}将继续落实党建工作责任制，坚持“周总结、月考核、季排名”，把排名结果与绩效和评优评先挂钩。",
    )
    req = VisitRequirement.current()
    start, end = date(nxt, 1, 1), date(nxt, 12, 31)
    self.add("h2", "（一）强化责任担当。")
    if self.is_street:
        self.add(
            "p",
            f"要求科级干部每周至少到分包社区走访{req.visits_per_week}次，每周至少收集问题"
            f"{req.problems_collected_per_week}个、解决问题{req.problems_solved_per_week}个，每月走访弱势群体"
            f"{req.households_per_month}户，每个“两新”组织每年走访调研不少于{req.two_new_visits_per_year}次；"
            "与社区签订目标责任书",
            f("responsibility_letters", org, start, end),
            "份，党工委牵头任务",
            f("committee_tasks", org, start, end),
            "项。",
        )
    else:
        self.add("p", "签订党建目标责任书", f("responsibility_letters", org, start, end), "份，本社区牵头任务",
                 f("committee_tasks", org, start, end), "项，逐项明确责任人和完成时限。")
    # The tasks this organization leads: its own, not those split down to it from the same organization.
    tasks = list(
        Task.objects.filter(organization=org, year=nxt).exclude(parent__organization=org)
        .order_by("category", "deadline")
    )
    groups: dict[str, list] = {}
    for t in tasks:
        groups.setdefault(t.category, []).append(t)
    for i, (category, items) in enumerate(groups.items(), start=1):
        self.add("h2", f"（{_n(i)}）{Category(category).label}。")
        sentences = []
        for k, t in enumerate(items):
            target = f"，目标{t.target_value.normalize():f}{t.target_unit}" if t.target_value is not None else ""
            when = f"{t.deadline.month}月{t.deadline.day}日"
            sentences.append(f"{_n(k)}是{t.title}{target}，{when}前完成。")
        self.add("p", "".join(sentences))
    self.narrative("next", "下一步工作补充")


