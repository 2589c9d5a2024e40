"""`naast check`: staff accounts that break the independence rule (`independence`).

The writers refuse such accounts, but a row can still be wrong: written by a queryset update or
SQL, restored from an old backup, or made before the rule covered every municipal employee.
The need-to-know policy shows such a user no client data anyway; this check makes the
functional administrator correct the account. Usernames only, no personal data.
"""

from pathlib import Path

from django.core import checks
from django.db import DatabaseError, connection

from . import independence

MAX_NAMED = 50


PROBLEM = (
    "Works for a municipality or decides on provisions (indicatiesteller), and holds a role that sees "
    "client data (desk, supporter or coordinator). Client support must be independent of the "
    "municipality (Wmo 2015); Naast shows this account no client data."
)
HINT = (
    "In /admin/ (Staff members), remove this account's desk, supporter and coordinator roles, or clear "
    "its municipality and indicatiesteller flag if they were set by mistake."
)


def _database_exists() -> bool:
    """False for a SQLite file not made yet (`naast check` should not create an empty one)."""
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and name and name != ":memory:" and not name.startswith("file:"):
        return Path(name).exists()
    return True


@checks.register(checks.Tags.security)
def municipal_staff_without_client_data_roles(app_configs=None, **kwargs):
    from .models import User

    if not _database_exists():
        return []
    try:
        usernames = list(
            User.objects.filter(independence.BOUND_TO_MUNICIPALITY,
                                role_grants__role__in=independence.CLIENT_DATA_ROLES)
            .order_by("username").values_list("username", flat=True).distinct()[: MAX_NAMED + 1]
        )
    except DatabaseError:  # no database yet, or not migrated: nothing to check
        return []
    found = [checks.Warning(PROBLEM, hint=HINT, obj=f"staff member {username!r}", id="accounts.W001")
             for username in usernames[:MAX_NAMED]]
    if len(usernames) > MAX_NAMED:
        found.append(checks.Warning(f"More than {MAX_NAMED} such staff members: correct these and check again.",
                                    hint=HINT, id="accounts.W001"))
    return found
