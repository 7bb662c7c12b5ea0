"""Which festival an activity served, found from its title (元宵、端午 …) or, for the festivals on a fixed day of
the solar calendar, from its date — so the report can say "利用元宵、端午、“七一”等节日" from the records alone.

The lunar festivals move every year and are found by title only; a title names the festival in the words
people use ("包粽子" is 端午, "纪念建党" is “七一”).
"""

from datetime import date

from django.db.models import Q

# (name as the report writes it, words in a title that mean it, fixed solar (month, day) or None)
FESTIVALS = (
    ("元旦", ("元旦", "新年"), (1, 1)),
    ("春节", ("春节", "新春", "过年", "年货", "春联"), None),
    ("元宵节", ("元宵", "灯谜", "闹花灯"), None),
    ("学雷锋日", ("学雷锋", "雷锋"), (3, 5)),
    ("“三八”妇女节", ("三八", "妇女节"), (3, 8)),
    ("清明节", ("清明", "祭扫", "缅怀先烈"), None),
    ("“五一”劳动节", ("五一", "劳动节"), (5, 1)),
    ("“五四”青年节", ("五四", "青年节"), (5, 4)),
    ("“六一”儿童节", ("六一", "儿童节"), (6, 1)),
    ("端午节", ("端午", "粽"), None),
    ("“七一”", ("七一", "建党"), (7, 1)),
    ("“八一”建军节", ("八一", "建军节"), (8, 1)),
    ("教师节", ("教师节",), (9, 10)),
    ("中秋节", ("中秋", "月饼"), None),
    ("国庆节", ("国庆", "“十一”"), (10, 1)),
    ("重阳节", ("重阳", "敬老节"), None),
)
ORDER = {name: i for i, (name, _, _) in enumerate(FESTIVALS)}


def festival_of(title: str, day: date | None) -> str:
    """The festival an activity with this title on this day served ("" for none): the title first, then the day."""
    for name, words, _ in FESTIVALS:
        if any(w in title for w in words):
            return name
    if day is not None:
        for name, _, fixed in FESTIVALS:
            if fixed == (day.month, day.day):
                return name
    return ""


def in_calendar_order(names) -> list[str]:
    return sorted(set(names) - {""}, key=ORDER.__getitem__)


def served(title: str, starts_at: str) -> Q:
    """The same test as `festival_of`, as a query on an activity's title and local start day (one statement)."""
    q = Q()
    for _, words, fixed in FESTIVALS:
        for word in words:
            q |= Q(**{f"{title}__contains": word})
        if fixed:
            q |= Q(**{f"{starts_at}__month": fixed[0], f"{starts_at}__day": fixed[1]})
    return q
