"""The `naast` console command: Django's manage.py for this project. Commands are typed with
hyphens (`naast import-requests`) while their files have importable names; see
`naast.core.commands`."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naast.conf.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
