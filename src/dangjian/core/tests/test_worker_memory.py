"""A worker loads the heavy libraries when a request needs them, not at start (issue 14: worker RSS).

openpyxl (~20 MB) and python-docx (~17 MB) are for exports, imports and the Word report; pypinyin for pinyin, with
the small phrase table of people/pinyin_phrases.py. A module that imports one of them at its top puts it in every
worker again; `bench/rss.py` measures the workers.
"""

import json
import os
import subprocess
import sys

HEAVY = ("openpyxl", "docx", "pypinyin")
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "dangjian.settings"}

PROBE = f"""
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, as the first request loads them
print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
"""


def test_starting_the_app_imports_no_heavy_library():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, env=ENV)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_pinyin_library_loads_without_its_whole_phrase_table():
    probe = ("import json, sys\nfrom dangjian.people.pinyin import full_and_initials\n"
             "print(json.dumps([full_and_initials('长安街道'), 'pypinyin.phrases_dict' in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=ENV)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [["changanjiedao", "cajd"], False]
