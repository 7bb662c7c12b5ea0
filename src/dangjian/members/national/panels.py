"""The member page's card for the national roster: 工作岗位 (held only for the exchange) and how the member reads
in the national layout. No query: the member page has the member and their person already."""

from dangjian.core.scope import is_staff

from . import codes


def panel(member, user):
    if not member.job_post or not is_staff(user):
        return None
    p = member.person
    return {"template": "members/national/_panel.html", "member": member,
            "lines": [("工作岗位", member.job_post), ("人员类别", codes.CATEGORY_OUT[member.category]),
                      ("学历", codes.EDUCATION_OUT.get(p.education, "")), ("党籍状态", codes.STATUS_OUT[member.status]),
                      ("是否失联党员", codes.yes_no(member.status == "lost")),
                      ("是否流动党员", codes.yes_no(member.status == "mobile"))]}
