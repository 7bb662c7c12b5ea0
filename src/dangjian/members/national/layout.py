"""The roster layout of 全国党员管理信息系统, declared once: the import reads it, the export and the template write
it, the comparison reads it.

Columns (`*` required on import), in the order we write them:

    姓名*  性别  公民身份号码*  民族  出生日期  学历  人员类别*  所在党支部*  入党日期*  转正日期  工作岗位  联系电话
    家庭住址  工作单位  党籍状态  是否失联党员  是否流动党员  状态变更日期

The first twelve are the national system's member basics; 家庭住址, 工作单位, 党籍状态 and the two flags are the
further columns its exports commonly carry. 状态变更日期 is ours (the date a member became 失联, 流动, …): the
national file has no such column, so a member already here keeps their date, and a new member who is not 正常
needs it added. The header row is found by its titles wherever it is in the first ten rows; columns we do not
hold (籍贯, 婚姻状况, 进入党支部日期, 备注, …) are ignored. Values go through `codes` both ways.
"""

from dangjian.core.io.importer import Column, parse_bool, parse_date

from .. import io
from . import codes


def _job_post(value: str) -> str:
    if len(value) > 60:
        raise ValueError("工作岗位不超过60个字")
    return value


COLUMNS = [
    Column("姓名", "name", True, example="张三"),
    Column("性别", "gender", False, codes.gender, "女", "男或女（也可写代码 1、2）；可不填，按公民身份号码识别"),
    Column("公民身份号码", "id_number", True, io._id, "11010519491231002X", "18位，15位旧号码会自动升级"),
    Column("民族", "ethnicity", False, codes.ethnicity, "汉族", "56个民族的规范名称，或两位代码（01 汉族）"),
    Column("出生日期", "birth_date", False, parse_date, "1949-12-31", "须与公民身份号码一致；可不填"),
    Column("学历", "education", False, codes.education, "大学本科",
           "研究生、大学本科、大学专科、中等专科、高中、初中及以下"),
    Column("人员类别", "category", True, codes.category, "正式党员", "正式党员或预备党员"),
    Column("所在党支部", "branch", True, example="东风社区第一党支部", help="须与平台中的支部名称一致"),
    Column("入党日期", "join_date", True, parse_date, "1975-07-01", "格式 2020-07-01"),
    Column("转正日期", "full_date", False, parse_date, "1976-07-01", "预备党员不填"),
    Column("工作岗位", "job_post", False, _job_post, "离退休人员", "按全国党员管理信息系统的岗位名称填写"),
    Column("联系电话", "phone", False, io._phone, "13912345678"),
    Column("家庭住址", "address", False, example="东风社区幸福路12号"),
    Column("工作单位", "employer", False, example="市财政局"),
    Column("党籍状态", "status", False, codes.status, "正常", "正常、停止党籍、出党、死亡、已转出；不填为正常"),
    Column("是否失联党员", "lost", False, parse_bool, "否", "是/否"),
    Column("是否流动党员", "mobile", False, parse_bool, "否", "是/否"),
    Column("状态变更日期", "status_date", False, parse_date, "",
           "失联、流动、出党等的日期；平台已有的党员可不填（沿用平台记录）"),
]
HEADERS = [c.header for c in COLUMNS]
HEADER = {c.key: c.header for c in COLUMNS}


def row_of(member, full: bool) -> list:
    """One member in the layout; `full`: the ID number and phone unmasked (a logged export)."""
    p = member.person
    state = member.status
    return [
        p.name, codes.GENDER_OUT.get(p.gender, ""), p.id_number if full else p.id_number_masked, p.ethnicity,
        p.birth_date, codes.EDUCATION_OUT.get(p.education, ""), codes.CATEGORY_OUT[member.category],
        member.branch.name, member.join_date, member.full_date, member.job_post,
        p.phone if full else p.phone_masked, p.address, member.employer, codes.STATUS_OUT[state],
        codes.yes_no(state == "lost"), codes.yes_no(state == "mobile"), member.status_date,
    ]


def export_rows(members, full: bool):
    for m in members:
        yield row_of(m, full)
