"""Pinyin of names, kept beside them so that "zs" finds 张三 with an indexed prefix search."""

import re

from pypinyin import Style, lazy_pinyin

# Common surnames whose reading differs from the character's usual one.
_SURNAMES = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
             "盖": "ge", "尉迟": "yuchi", "万俟": "moqi", "乐": "yue", "秘": "bi", "繁": "po", "覃": "qin"}  # fmt: skip


def _syllables(name: str) -> list[str]:
    name = re.sub(r"\s+", "", name or "")
    for surname in sorted(_SURNAMES, key=len, reverse=True):
        if name.startswith(surname):
            head = [_SURNAMES[surname]] if len(surname) == 1 else [_SURNAMES[surname][:2], _SURNAMES[surname][2:]]
            return head + lazy_pinyin(name[len(surname) :], errors="default")
    return lazy_pinyin(name, errors="default")


def full_and_initials(name: str) -> tuple[str, str]:
    parts = [p.lower() for p in _syllables(name) if p.strip()]
    full = "".join(parts)
    initials = "".join(p[0] for p in parts if p[0].isalnum())
    return full[:200], initials[:50]


def is_pinyin_query(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z]+", text or ""))


# `lazy_pinyin` style kept explicit for readers: plain letters, no tones.
STYLE = Style.NORMAL
