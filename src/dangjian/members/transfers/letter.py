"""中国共产党党员组织关系介绍信 in the official layout: the 存根 kept by the sending side, the letter the member
carries, and the 回执 the receiving organization sends back — one document, separated by cutting lines.

Written through `core.io.officialdoc.OfficialDocument` (the 公文 fonts, grid and signature), as the paper documents
of reports/paper/ are. The ID number is printed masked: the secretary writes it in by hand from the member's
papers, so the platform never prints an unmasked number without a logged reason. The month dues are paid up to
comes from the dues ledger (the last month settled without a gap); a member with no settled month there gets a blank
for the same hand.
"""

from dangjian.core.io.officialdoc import OfficialDocument, chinese_date

from ..dues.totals import paid_up_to

CUT = "－－－－－－－－－－－－（沿此线剪开）－－－－－－－－－－－－"
DUES_BLANK = "＿＿＿＿年＿＿月"


def _issuer(transfer) -> str:
    """The organization in whose name the letter goes out: the community committee above the branch."""
    if transfer.from_community_id:
        return transfer.from_community.name
    return transfer.from_branch.name


def _category(member) -> str:
    return "预备党员" if member.category == "probationary" else "正式党员"


def _dues_paid_to(member) -> str:
    month = paid_up_to(member)
    return f"{month.year}年{month.month}月" if month else DUES_BLANK


def build_letter(transfer) -> bytes:
    member, person = transfer.member, transfer.member.person
    dues = _dues_paid_to(member)
    issuer, number = _issuer(transfer), transfer.letter_number
    receiver = transfer.outside_org
    gender = person.get_gender_display() or "—"
    age = f"{person.age}岁" if person.age is not None else ""
    doc = OfficialDocument()

    doc.title("中国共产党党员组织关系介绍信\n（存根）")
    doc.paragraph(f"第 {number} 号", indent=False)
    doc.paragraph(f"{person.name}同志（{gender}，{age}，{person.ethnicity}），系中共{_category(member)}，"
                  f"组织关系由{transfer.from_branch.name}转到{receiver}。")
    doc.paragraph(f"党费交到{dues}。转接原因：{transfer.reason}。")
    doc.paragraph(f"有效期{transfer.valid_days}天（至{chinese_date(transfer.valid_until)}）。")
    doc.signature(issuer, transfer.date)
    doc.paragraph(CUT, indent=False)

    doc.title("中国共产党党员组织关系介绍信")
    doc.paragraph(f"第 {number} 号", indent=False)
    doc.recipient(receiver)
    id_text = person.id_number_masked or "＿＿＿＿"
    doc.paragraph(f"兹介绍{person.name}同志（{gender}，{age}，{person.ethnicity}，身份证号码 {id_text}），"
                  f"系中共{_category(member)}，由{transfer.from_branch.name}去{receiver}，请转接组织关系。")
    if transfer.outside_parent:
        doc.paragraph(f"接收党组织的上级党组织：{transfer.outside_parent}。")
    doc.paragraph(f"该同志党费已交到{dues}。")
    doc.paragraph(f"（有效期{transfer.valid_days}天）")
    doc.signature(issuer, transfer.date)
    doc.paragraph(f"党员联系电话：{person.phone_masked or '＿＿＿＿'}    党员原所在基层党委：{issuer}", indent=False)
    doc.paragraph(CUT, indent=False)

    doc.title("中国共产党党员组织关系介绍信\n（回执）")
    doc.paragraph(f"第 {number} 号", indent=False)
    doc.recipient(issuer)
    doc.paragraph(f"{person.name}同志的党员组织关系已转达我处，特此回执。")
    doc.signature(receiver, "＿＿＿＿年＿＿月＿＿日")
    return doc.to_bytes()
