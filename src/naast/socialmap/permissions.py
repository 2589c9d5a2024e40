"""Who may do what on the social map. The map holds no client data: every staff member may read
the professional view; coordinators and administrators keep it up to date."""

from naast.accounts.roles import Role


def can_view_professional_map(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.roles))


def can_edit_map(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.COORDINATOR, Role.ADMIN)))
