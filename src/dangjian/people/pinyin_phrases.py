"""The phrases that change a reading: the part of pypinyin's phrase dictionary that names need.

pypinyin reads a character in context from its phrase dictionary (银行 yinhang, not yinxing; 长安 chang'an) —
47,000 phrases decoded from JSON into every worker that computes a pinyin: about 45 MB of its memory (issue 14).
Only some 3,500 of them read differently, without tones, from their characters' usual readings; with just those
(and the few longer phrases that keep a shorter one from matching inside them), every phrase of the dictionary
reads as with the whole of it. `pinyin_phrases.json` holds them ("银行": "yín háng"); `people.pinyin` loads it
into pypinyin instead of the whole dictionary.

    python -m dangjian.people.pinyin_phrases            # rebuild the file (after upgrading pypinyin)
    python -m dangjian.people.pinyin_phrases --check    # exit 1 unless it still reads every phrase the same

Both load pypinyin's whole dictionary, so they run in a process of their own (a test runs `--check`).
"""

import json
import sys
from pathlib import Path

FILE = Path(__file__).with_name("pinyin_phrases.json")


def load() -> dict[str, list[list[str]]]:
    """The shipped phrases in pypinyin's form: {"银行": [["yín"], ["háng"]]}, each syllable's list made once
    (pypinyin copies a phrase's lists before it changes them)."""
    syllables: dict[str, list[str]] = {}
    return {phrase: [syllables.setdefault(s, [s]) for s in readings.split()]
            for phrase, readings in json.loads(FILE.read_text()).items()}


def _use(phrases: dict) -> None:
    from pypinyin.constants import PHRASES_DICT
    from pypinyin.seg import mmseg

    PHRASES_DICT.clear()
    PHRASES_DICT.update(phrases)
    mmseg.seg._prefix_set._set.clear()
    mmseg.retrain(mmseg.seg)


def _whole():
    """pypinyin's whole dictionary and every phrase's reading with it (plain letters, as people.pinyin reads)."""
    from pypinyin import lazy_pinyin
    from pypinyin.phrases_dict import phrases_dict

    _use(phrases_dict)
    return phrases_dict, {k: lazy_pinyin(k) for k in phrases_dict}


def _wrong(expected: dict) -> list[str]:
    from pypinyin import lazy_pinyin

    return [k for k, reading in expected.items() if lazy_pinyin(k) != reading]


def build() -> dict[str, str]:
    whole, expected = _whole()
    _use({})
    chosen = set(_wrong(expected))  # read differently from their characters' usual readings
    while True:
        _use({k: whole[k] for k in chosen})
        wrong = _wrong(expected)  # a longer phrase that keeps a chosen one from matching inside it
        if not wrong:
            break
        chosen.update(wrong)
    return {k: " ".join(r[0] for r in whole[k]) for k in sorted(chosen)}


def check() -> list[str]:
    """The phrases of pypinyin's dictionary that the shipped ones read differently (none: the file is good)."""
    _, expected = _whole()
    _use(load())
    return _wrong(expected)


if __name__ == "__main__":
    if "--check" in sys.argv:
        wrong = check()
        print(f"{len(wrong)} phrases read differently: {' '.join(wrong[:20])}" if wrong else "ok")
        sys.exit(1 if wrong else 0)
    phrases = build()
    FILE.write_text("{\n" + ",\n".join(f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                                        for k, v in phrases.items()) + "\n}\n")
    print(f"{len(phrases)} phrases written to {FILE}")
