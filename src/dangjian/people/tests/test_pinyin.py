"""Pinyin read with a small phrase table (people/pinyin_phrases.py) reads as with pypinyin's whole one."""

import subprocess
import sys

import pytest

from dangjian.people.pinyin import full_and_initials


@pytest.mark.parametrize(("name", "expected"), [
    ("张三", ("zhangsan", "zs")),
    ("长安街道", ("changanjiedao", "cajd")),  # 长 in a phrase: chang, not zhang
    ("建设银行社区", ("jiansheyinhangshequ", "jsyhsq")),  # 行: hang
    ("重庆路", ("chongqinglu", "cql")),  # 重: chong
    ("单雄信", ("shanxiongxin", "sxx")),  # a surname read its own way
    ("曾长青", ("zengchangqing", "zcq")),
])
def test_names_read_as_with_the_whole_phrase_table(name, expected):
    assert full_and_initials(name) == expected


def test_the_shipped_phrases_read_every_phrase_of_pypinyin_the_same():
    """Fails after a pypinyin upgrade that reads a phrase differently: rebuild the file (see the module)."""
    done = subprocess.run([sys.executable, "-m", "dangjian.people.pinyin_phrases", "--check"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
