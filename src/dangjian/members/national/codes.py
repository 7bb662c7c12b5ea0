"""The national system's values and ours, both ways.

全国党员管理信息系统 writes labels (some installations write the GB codes beside or instead of them: GB/T 2261.1
for sex, GB/T 3304 for ethnicity), so each parser takes the label, the code, and our own label. A value that
maps to nothing is a row error naming it — never a silent default. Where their list is coarser than ours
(学历 "初中及以下" covers our 初中 and 小学及以下), an import keeps our finer value when the coarse one still
agrees with it (`same_education`), and a comparison compares the coarse labels.
"""

from dangjian.people.choices import ETHNICITIES, Education, Gender

from ..choices import Category, Status

# --- 性别 (GB/T 2261.1: 1 男, 2 女)
GENDER_IN = {"男": Gender.MALE, "男性": Gender.MALE, "1": Gender.MALE,
             "女": Gender.FEMALE, "女性": Gender.FEMALE, "2": Gender.FEMALE}
GENDER_OUT = {Gender.MALE: "男", Gender.FEMALE: "女"}


def gender(value: str) -> str:
    try:
        return GENDER_IN[value]
    except KeyError:
        raise ValueError(f"无法识别的性别“{value}”（应为男或女）") from None


# --- 民族: ETHNICITIES is in GB/T 3304 order, so a code is its position (01 汉族 … 56 基诺族).
ETHNICITY_CODES = {f"{i:02d}": name for i, name in enumerate(ETHNICITIES, start=1)}


def ethnicity(value: str) -> str:
    if value in ETHNICITIES:
        return value
    if value.isdigit() and value.zfill(2) in ETHNICITY_CODES:
        return ETHNICITY_CODES[value.zfill(2)]
    if value + "族" in ETHNICITIES:  # "汉", "蒙古"
        return value + "族"
    raise ValueError(f"无法识别的民族“{value}”（应为56个民族的规范名称，如“汉族”）")


# --- 学历: their labels (and the common variants) → ours; ours → the label we write.
EDUCATION_IN = {
    "研究生": Education.POSTGRADUATE, "博士研究生": Education.POSTGRADUATE, "硕士研究生": Education.POSTGRADUATE,
    "研究生教育": Education.POSTGRADUATE, "博士": Education.POSTGRADUATE, "硕士": Education.POSTGRADUATE,
    "大学本科": Education.BACHELOR, "本科": Education.BACHELOR, "大学": Education.BACHELOR,
    "大学专科": Education.COLLEGE, "专科": Education.COLLEGE, "大专": Education.COLLEGE,
    "中等专科": Education.SECONDARY, "中专": Education.SECONDARY, "中技": Education.SECONDARY,
    "技工学校": Education.SECONDARY, "职业高中": Education.SECONDARY, "高中": Education.SECONDARY,
    "普通高中": Education.SECONDARY, "中专/高中": Education.SECONDARY,
    "初中及以下": Education.JUNIOR, "初中": Education.JUNIOR,
    "小学": Education.PRIMARY, "小学及以下": Education.PRIMARY, "文盲或半文盲": Education.PRIMARY,
    "不识字或识字很少": Education.PRIMARY,
}
EDUCATION_OUT = {
    Education.POSTGRADUATE: "研究生", Education.BACHELOR: "大学本科", Education.COLLEGE: "大学专科",
    Education.SECONDARY: "中等专科", Education.JUNIOR: "初中及以下", Education.PRIMARY: "初中及以下",
}


def education(value: str) -> str:
    try:
        return EDUCATION_IN[value]
    except KeyError:
        raise ValueError(f"无法识别的学历“{value}”（应为研究生、大学本科、大学专科、中等专科、高中、"
                         "初中及以下）") from None


def same_education(ours: str, theirs: str) -> bool:
    """Whether two of our values read the same in their list (初中 and 小学及以下 are both 初中及以下)."""
    return EDUCATION_OUT.get(ours, "") == EDUCATION_OUT.get(theirs, "")


# --- 人员类别
CATEGORY_IN = {"正式党员": Category.FULL, "预备党员": Category.PROBATIONARY}
CATEGORY_OUT = {Category.FULL: "正式党员", Category.PROBATIONARY: "预备党员"}


def category(value: str) -> str:
    try:
        return CATEGORY_IN[value]
    except KeyError:
        raise ValueError(f"无法识别的人员类别“{value}”（应为正式党员或预备党员）") from None


# --- 党籍状态 (with the two flags 是否失联党员 / 是否流动党员 beside it)
# Their "正常" is our normal, mobile or lost (the flags say which). 停止党籍 follows six months out of touch
# (党章第三十八条), so it reads as our 失联; the others end membership here.
STATUS_IN = {
    "正常": Status.NORMAL, "停止党籍": Status.LOST, "失联": Status.LOST, "流动": Status.MOBILE,
    "出党": Status.EXPELLED, "开除党籍": Status.EXPELLED, "除名": Status.EXPELLED, "劝退": Status.EXPELLED,
    "退党": Status.EXPELLED, "死亡": Status.DECEASED, "去世": Status.DECEASED,
    "转出": Status.TRANSFERRED, "已转出": Status.TRANSFERRED,
}
STATUS_OUT = {Status.NORMAL: "正常", Status.MOBILE: "正常", Status.LOST: "正常", Status.EXPELLED: "出党",
              Status.DECEASED: "死亡", Status.TRANSFERRED: "已转出"}


def status(value: str) -> str:
    try:
        return STATUS_IN[value]
    except KeyError:
        raise ValueError(f"无法识别的党籍状态“{value}”（应为正常、停止党籍、出党、死亡或已转出）") from None


def combined_status(state: str | None, lost: bool, mobile: bool) -> str:
    """Our one status from their 党籍状态 and the two flags (a lost member who also went away counts as lost)."""
    state = state or Status.NORMAL
    if state == Status.NORMAL and lost:
        return Status.LOST
    if state == Status.NORMAL and mobile:
        return Status.MOBILE
    return state


def yes_no(flag: bool) -> str:
    return "是" if flag else "否"
