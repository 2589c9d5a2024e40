from django.utils.translation import gettext_lazy as _

from naast.accounts.roles import Role
from naast.core.extensions import MenuItem


def can_use_admin(user) -> bool:
    """The functional administrator's Django admin: the admin's own rule (core/admin.py)."""
    try:
        from naast.core.admin import is_functional_admin
    except ImportError:  # an older admin module: role admin (or superuser) with staff status
        return bool(user.is_authenticated and user.is_active and user.is_staff
                    and (user.is_superuser or user.has_role(Role.ADMIN)))
    return is_functional_admin(user)


ITEMS = [
    MenuItem("core:dashboard", _("Overview"), lambda user: True, order=0),
    MenuItem("admin:index", _("Administration"), can_use_admin, order=99),
]
