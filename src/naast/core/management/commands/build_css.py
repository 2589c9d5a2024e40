"""naast build-css: one style sheet with only the NL Design System components Naast's pages use
(the list is `naast.core.nlds.COMPONENTS`). The setup runs it after installing the npm packages."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from naast.core import nlds


class Command(BaseCommand):
    help = "Build node_modules/.naast-css/utrecht.css from the NL Design System components the pages use."

    def handle(self, *args, **options):
        node_modules = settings.NODE_MODULES
        if not (node_modules / "@utrecht").is_dir():
            raise CommandError("The npm packages are not installed (run ./dev.sh setup); "
                               "pages use Naast's own CSS.")
        target, missing = nlds.build(node_modules)
        if missing:
            raise CommandError(f"Components not installed: {', '.join(missing)}; run npm ci.")
        self.stdout.write(f"{target.relative_to(node_modules.parent)}: {len(nlds.COMPONENTS)} components, "
                          f"{target.stat().st_size / 1024:.0f} KB")
