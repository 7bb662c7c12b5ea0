"""How a spreadsheet bomb is met: time to refuse and the worker's peak memory.

    python bench/upload_bomb.py [--unpacked-mb 300]

Builds a roster template with one extra part that unpacks to N MB (a few hundred KB as sent), hands it to the
importer and prints the time to refusal and the process's peak RSS before and after. Figures, not assertions.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unpacked-mb", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("DANGJIAN_DATA_DIR", tempfile.mkdtemp(prefix="dangjian-bomb-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangjian.settings"
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "src/dangjian/core/tests")]
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from test_upload_bounds import _bomb

    from dangjian.core.io import importer
    from dangjian.members import io

    data = _bomb(args.unpacked_mb)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    try:
        importer.read(SimpleUploadedFile("名册.xlsx", data), io.COLUMNS)
        outcome = "read (not refused!)"
    except importer.ImportFileError as exc:
        outcome = f"refused: {exc}"
    elapsed = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"file {len(data) / 1024:.0f} KB, unpacks to {args.unpacked_mb} MB")
    print(f"{outcome}\ntime {elapsed:.1f} ms; peak RSS {before:.0f} MB → {after:.0f} MB (+{after - before:.0f} MB)")


if __name__ == "__main__":
    main()
