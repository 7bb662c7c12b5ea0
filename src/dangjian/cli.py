"""The `dangjian` console script: Django's manage.py, installed on PATH."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    from django.core.management import execute_from_command_line

    # `dangjian rotate-field-key` runs rotate_field_key (and `dangjian help rotate-field-key` explains it).
    for at in (1, 2) if sys.argv[1:2] == ["help"] else (1,):
        if len(sys.argv) > at and not sys.argv[at].startswith("-"):
            sys.argv[at] = sys.argv[at].replace("-", "_")
    if len(sys.argv) > 1 and sys.argv[1] not in SKIP_KEY_CHECK:
        import django

        django.setup()
        from dangjian.core.keys import mismatch  # a model module: after setup

        problem = mismatch()
        if problem:
            sys.stderr.write(problem + "\n")
            sys.exit(2)
    execute_from_command_line(sys.argv)


# Commands that must run whatever the key: help, creating or upgrading the schema (0004 seals the check), and
# the key rotation, which checks both keys itself and is what an unfinished rotation asks for.
SKIP_KEY_CHECK = {"help", "--help", "-h", "version", "--version", "migrate", "makemigrations", "showmigrations",
                  "sqlmigrate", "rotate_field_key"}


if __name__ == "__main__":
    main()
