"""The `dangjian` console script: Django's manage.py, installed on PATH."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    from django.core.management import execute_from_command_line

    if len(sys.argv) > 1 and sys.argv[1] not in SKIP_KEY_CHECK:
        import django

        django.setup()
        from dangjian.core.keys import mismatch  # a model module: after setup

        problem = mismatch()
        if problem:
            sys.stderr.write(problem + "\n")
            sys.exit(2)
    execute_from_command_line(sys.argv)


# Commands that must run whatever the key: help, and creating or upgrading the schema (0004 seals the check).
SKIP_KEY_CHECK = {"help", "--help", "-h", "version", "--version", "migrate", "makemigrations", "showmigrations",
                  "sqlmigrate"}


if __name__ == "__main__":
    main()
