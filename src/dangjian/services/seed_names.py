"""What the demo's communities are called on in the report: their teams, brands, alliance members, talents and
festival activities, by a community's place in its street (the first two are the demonstration sites).

Kept apart from `seed.py` so the seeder reads as what it does; nothing here draws random numbers, so the rest
of the demo (drawn from one shared generator) stays as it was.
"""

from datetime import date, timedelta

from .choices import BrandKind, ServiceMode, WishCategory

# The volunteer branch's seven teams (the street's first community); the first two carry the community's name.
BRANCH_TEAMS = [
    ("拥军队", "拥军拥属", True),
    ("救助队", "应急救助知识课堂、防灾减灾", True),
    ("“邻里一家人”调解队", "矛盾调解", False),
    ("先锋圆梦队", "认领居民微心愿", False),
    ("红色萤火虫队", "关爱留守儿童", False),
    ("青春韵律队", "文化体育", False),
    ("社区达人队", "专业技能服务", False),
]
# Two teams in each other community, named after it.
OTHER_TEAMS = [
    ("巾帼志愿服务队", "邻里互助"), ("银龄志愿服务队", "关爱空巢老人"), ("平安巡逻队", "治安巡逻"),
    ("文明劝导队", "文明创建"), ("环保志愿服务队", "垃圾分类宣传"), ("党员先锋队", "急难险重任务"),
    ("爱心助学队", "助学帮困"), ("健康义诊队", "义诊"), ("法律服务队", "法律咨询"), ("夕阳红文艺队", "文艺演出"),
    ("便民维修队", "上门维修"), ("心理疏导队", "心理疏导"), ("助残志愿服务队", "帮扶残疾人"),
    ("护绿志愿服务队", "绿化养护"),
]

# (name, kind, target group, standing items, results, sub-services [(name, target group, standing items)])
# and which brand each of the 4 draws of activities' brands takes (None: the activity carries no brand).
_HE_LIFANG = ("和立方", BrandKind.SERVICE, "不同层次居民", "老年助餐\n四点半课堂\n妇女儿童维权服务\n困难群众结对帮扶",
              "覆盖老人、儿童、妇女和困难群众，成为居民身边叫得响的服务品牌",
              [("俏夕阳", "老年人", "老年助餐、健康讲座"), ("小太阳", "儿童", "四点半课堂、暑期托管"),
               ("半边天", "妇女", "妇女维权、技能培训"), ("“四心”帮扶", "困难群众", "暖心、贴心、安心、舒心帮扶")])
_SIX = ("“六化”党建工作法", BrandKind.METHOD, "社区党员群众",
        "统筹资源，构建区域化党建格局\n加强管理，凝聚优质化党员队伍\n精准服务，打造品牌化工作载体\n"
        "激发活力，培育专业化“两新”组织\n规范机制，实现民主化社区治理\n转变作风，推动和谐化社区建设",
        "实现党员管理规范化、党内生活制度化、党内关怀经常化、服务奉献常态化", [])
_PLATFORM = ("“1+1+1”联动便民服务平台", BrandKind.PLATFORM, "辖区居民",
             "以社区“大党委”为统领\n以红色志愿者驿站为支撑\n以便民服务联盟为支撑",
             "为辖区居民提供上门维修等无偿或低偿的便民服务，居民足不出户享受便捷服务",
             [("社区“大党委”共建", "辖区单位和居民", "联创共建活动"),
              ("红色志愿者驿站", "困难家庭和留守儿童", "“菜单式”服务、“微心愿”认领、预约服务"),
              ("便民服务联盟", "辖区居民", "上门维修、理发、送药")])
BRANDS = {
    0: ([_SIX, _HE_LIFANG], (0, 1, 2, 3)),  # indexes into the sub-services, in the order they are made
    1: ([_PLATFORM], (1, 2, 0, 1)),
    2: ([("百姓社团", BrandKind.SERVICE, "社区文体爱好者", "合唱团\n太极拳队", "", [])], (0,)),
    3: ([("小马扎工作法", BrandKind.METHOD, "楼院居民", "楼院议事\n上门听民意", "", [])], (None,)),
}
BRANCH_BRAND = ("党群先锋，聚爱{stem}", BrandKind.SERVICE, "辖区党员群众", "拥军拥属\n帮孤助残\n矛盾调解\n专业技能服务",
                "形成“一核三擎，服务先行”的基层志愿服务新格局")
# Two-new organizations' own methods and services, by a word of their name.
TWO_NEW_BRANDS = [
    ("物业", ("“双培四联三帮带”工作法", BrandKind.METHOD, "企业党员和职工",
              "把业务骨干培养成党员、把党员培养成业务骨干\n组织联建、活动联办、资源联享、服务联动\n"
              "帮思想、帮技能、帮发展", "激发企业内在活力，党建和企业发展互利共赢")),
    ("社会工作", ("“党建+社工”服务", BrandKind.SERVICE, "困难群众和留守儿童", "个案帮扶\n小组活动\n社区讲堂",
                  "把专业社工服务送到困难群众身边")),
]
# The branch's courses, one mode each of the “三式” (team: its index in BRANCH_TEAMS).
BRANCH_ITEMS = [
    ("救助知识课堂", ServiceMode.APPOINTMENT, 1), ("矛盾纠纷调解", ServiceMode.MENU, 2),
    ("爱国拥军课堂", ServiceMode.GROUP, 0), ("手工课堂", ServiceMode.MENU, 6),
    ("文化体育志愿服务", ServiceMode.GROUP, 5),
]

# Alliance members beyond each community's repair shop and barber: (name, merchant, services, terms).
ALLIANCE_MORE = {
    0: [("张建国", False, "家电维修", "免费")],
    1: [("{stem}福满多便利店", True, "送货上门", "免费配送"), ("{stem}康宁大药房", True, "送药上门", "九折"),
        ("李秀英", False, "缝补衣物", "免费"), ("王志强", False, "开锁换锁", "成本价")],
}
TALENTS = {
    0: [("党史宣讲", True), ("中医推拿", False), ("书法绘画", False)],
    1: [("法律咨询", True), ("水电维修", False)],
}
TALENT_DEFAULT = [("党史宣讲", True)]

# Each community's service menu: (预约式 by its repair shop, 菜单式 by its barber, 组团式 by its first talent,
# 预约式 by its last team); the demonstration sites each their own.
ITEMS_DEFAULT = ("上门维修水电", "老人理发", "党史微课堂", "家电清洗")
ITEMS = {0: ("上门维修水电", "老人理发", "红色故事分享会", "家电清洗"),
         1: ("管道疏通", "上门理发", "普法小课堂", "代购代送")}
# Wishes of the demonstration sites fulfilled beyond the six every community has (no draws).
MORE_WISHES = {
    0: [("给卫生间装一个扶手", WishCategory.HEALTH), ("孩子暑期有人辅导作业", WishCategory.STUDY),
        ("换一个楼道感应灯", WishCategory.REPAIR)],
    1: [("一辆儿童自行车", WishCategory.DAILY)],
}

# Festivals on the solar calendar (month, day) and, for the lunar ones, their day in recent years.
SOLAR = {"元旦": (1, 1), "学雷锋": (3, 5), "三八": (3, 8), "六一": (6, 1), "七一": (7, 1), "八一": (8, 1),
         "国庆": (10, 1)}
LUNAR = {  # year: 元宵, 端午, 中秋, 重阳
    2024: ((2, 24), (6, 10), (9, 17), (10, 11)), 2025: ((2, 12), (5, 31), (10, 6), (10, 29)),
    2026: ((3, 3), (6, 19), (9, 25), (10, 18)), 2027: ((2, 20), (6, 9), (9, 15), (10, 8)),
    2028: ((2, 9), (5, 28), (10, 3), (10, 26)), 2029: ((2, 27), (6, 16), (9, 22), (10, 16)),
    2030: ((2, 17), (6, 5), (9, 12), (10, 5)),
}
LUNAR_NAMES = ("元宵", "端午", "中秋", "重阳")
# The branch's festival activities: (festival, title, team index in BRANCH_TEAMS).
BRANCH_FESTIVALS = [
    ("元宵", "元宵节舞龙舞狮", 5), ("学雷锋", "学雷锋志愿服务日", 3), ("端午", "端午节包粽子送邻里", 4),
    ("七一", "“感党恩、颂和谐”庆“七一”文艺汇演", 5), ("八一", "“八一”走访慰问退役军人", 0),
    ("中秋", "中秋节邻里联欢", 2), ("国庆", "国庆节“我和我的祖国”快闪", 5), ("重阳", "重阳节敬老爱老服务", 1),
]
OTHER_FESTIVALS = [
    ("端午", "端午节包粽子"), ("中秋", "中秋节慰问空巢老人"), ("国庆", "国庆节升国旗仪式"), ("元宵", "元宵节猜灯谜"),
    ("六一", "“六一”儿童节游园会"), ("三八", "“三八”节巾帼风采展"), ("重阳", "重阳节为老人义诊"),
]


def festival_day(name: str, today: date) -> date:
    """The festival's last day before today (this year's, or last year's when it is still to come)."""
    for year in (today.year, today.year - 1):
        if name in SOLAR:
            month, day = SOLAR[name]
        else:
            table = LUNAR.get(year) or LUNAR[2027]  # another year: near enough for demo data
            month, day = table[LUNAR_NAMES.index(name)]
        when = date(year, month, day)
        if when < today:
            return when
    return today - timedelta(days=1)


def stem(community) -> str:
    """"东风" of 东风社区: how teams and shops of a community are named."""
    name = community.short_name or community.name
    return name.removesuffix("党委").removesuffix("社区")
