"""Pinyin of names, kept beside them so that "zs" finds 张三 with an indexed prefix search.

pypinyin is loaded on the first name read, with only the phrases that change a reading (pinyin_phrases.py: some
3,500 of its 47,000, the rest ~45 MB in every worker) — PYPINYIN_NO_PHRASES is set before it is imported.
"""

import os
import re
from functools import cache

# Common surnames whose reading differs from the character's usual one.
_SURNAMES = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
             "盖": "ge", "尉迟": "yuchi", "万俟": "moqi", "乐": "yue", "秘": "bi", "繁": "po", "覃": "qin"}  # fmt: skip


@cache
def _reader():
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")  # read when pypinyin is imported: its whole phrase table
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")  # and no second copy of its tables
    from pypinyin import lazy_pinyin, load_phrases_dict

    from .pinyin_phrases import load

    load_phrases_dict(load())
    return lazy_pinyin


def lazy_pinyin(text: str, **kwargs) -> list[str]:
    return _reader()(text, **kwargs)


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
