"""目标责任书 for signing: the committee and the community, the year's target tasks, the posts that answer for them,
and both parties' signature and date lines — printed, signed by hand, scanned back onto the letter's page."""

from dangjian.core.io.officialdoc import OfficialDocument, chinese_date

from .common import Steps, check_format, finish, short_date, signature_block, visible_or_absent

TERMS = ("党工委按月考核、按季排名，年终对照本责任书逐项考核，考核结果作为评先评优和干部使用的重要依据。",
         "乙方每月在平台登记任务进展并上传佐证材料，问题整改情况由甲方验收。")
CLOSING = "本责任书一式两份，甲乙双方各执一份，自签订之日起生效，有效期至{year}年12月31日。"


def build_letter(user, letter_pk, fmt: str = "docx", progress=None) -> tuple[str, bytes]:
    """The letter `letter_pk` as the user may see it, ready to sign (every row read through `visible_to`)."""
    from dangjian.ledgers.models import ResponsibilityLetter, ResponsibilityPost, Task
    from dangjian.reports.letterhead import signature_for

    check_format(fmt)
    steps = Steps(progress, 4)
    letter = visible_or_absent(ResponsibilityLetter.objects.select_related("committee", "community"), user,
                               letter_pk, "目标责任书")
    community, year = letter.community, letter.year
    tasks = list(Task.objects.visible_to(user).filter(letters=letter).select_related("responsible_person")
                 .order_by("deadline", "pk"))
    if not tasks:  # a letter drawn up before its tasks were linked: the community's own tasks of the year
        tasks = list(Task.objects.visible_to(user).filter(organization=community, year=year)
                     .select_related("responsible_person").order_by("deadline", "pk"))
    steps.step("读取目标任务")
    posts = list(ResponsibilityPost.objects.visible_to(user).filter(organization__path__startswith=community.path,
                                                                    start__year__lte=year)
                 .exclude(end__year__lt=year).select_related("holder", "organization")
                 .order_by("organization__path", "post", "pk"))
    steps.step("读取责任分工")

    committee = signature_for(letter.committee)
    doc = OfficialDocument()
    doc.title(f"{year}年度基层党建工作\n目标责任书")
    doc.paragraph(f"为全面落实全面从严治党主体责任，推动基层党建“三张清单”各项任务落到实处，{committee}（甲方）"
                  f"与{community.name}（乙方）签订{year}年度基层党建工作目标责任书。")
    doc.heading1("一、目标任务")
    if tasks:
        doc.table(["序号", "任务", "目标", "完成时限", "责任人"],
                  [[i, t.title, f"{t.target_value.normalize():f}{t.target_unit}" if t.target_value is not None else "",
                    short_date(t.deadline), t.responsible_person.name if t.responsible_person else ""]
                   for i, t in enumerate(tasks, start=1)], widths_mm=(10, 76, 22, 26, 22))
    else:
        doc.paragraph("本年度目标任务由甲方另行下达。")
    doc.heading1("二、责任分工")
    if posts:
        doc.table(["岗位", "责任人", "组织", "职责"],
                  [[p.get_post_display(), p.holder.name, p.organization.name, p.duties] for p in posts],
                  widths_mm=(28, 20, 36, 72))
    else:
        doc.paragraph("乙方党组织书记为第一责任人，班子成员落实“一岗双责”。")
    doc.heading1("三、考核办法")
    for term in TERMS:
        doc.paragraph(term)
    doc.heading1("四、其他")
    doc.paragraph(CLOSING.format(year=year))
    steps.step("排版")
    dated = chinese_date(letter.signed_on) if letter.signed_on else None
    signature_block(doc, [("甲方", committee, "党工委书记"), ("乙方", f"中共{community.name}"
                                                             if not community.name.startswith("中共")
                                                             else community.name, "社区党委书记")],
                    **({"dated": dated} if dated else {}))
    return finish(doc, f"{year}年{community.name}目标责任书", fmt, steps)
