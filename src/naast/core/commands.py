"""Command names: Naast's commands are typed with hyphens (`naast import-requests`), but their files
have importable names (`management/commands/import_requests.py`), and Django takes a command's
name from its file name. `use_hyphenated_command_names()`, called once Django has started
(`naast.core.apps`), wraps the two functions of `django.core.management` through which the
`naast` script, `naast help` and `call_command()` all find a command: `get_commands` lists each
command of a Naast app under its hyphenated name, and `load_command_class` turns that name back
into the module's name. Django's own commands and those of other packages keep their names.
"""

def command_name(module_name: str) -> str:
    """The name a Naast command is typed with: its module's name with hyphens ('import-requests')."""
    return module_name.replace("_", "-")


def _is_naast_app(app_name) -> bool:
    # get_commands() maps a name to an app's module path, or to a command object already loaded.
    return isinstance(app_name, str) and (app_name == "naast" or app_name.startswith("naast."))


def use_hyphenated_command_names() -> None:
    """Make Django list Naast's commands by their hyphenated names and load them by those names."""
    from django.core import management

    if getattr(management.get_commands, "naast_hyphenated", False):
        return
    django_get_commands = management.get_commands
    django_load_command_class = management.load_command_class

    def get_commands() -> dict:
        return {
            command_name(name) if _is_naast_app(app_name) else name: app_name
            for name, app_name in django_get_commands().items()
        }

    def load_command_class(app_name, name):
        if _is_naast_app(app_name):
            name = name.replace("-", "_")
        return django_load_command_class(app_name, name)

    # Django empties its command cache when a test changes INSTALLED_APPS.
    get_commands.cache_clear = django_get_commands.cache_clear
    get_commands.naast_hyphenated = True
    management.get_commands = get_commands
    management.load_command_class = load_command_class
