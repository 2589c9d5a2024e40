"""Independence of client support from the municipality (docs/domain.md §1, §2): the one rule.

Client support under the Wmo 2015 must be independent of the municipality that decides on
provisions. So nobody who works for a municipality (`User.municipality` is set: funders are
municipal staff) or decides on provisions (`User.is_indicatiesteller`) may hold a role that sees
client data (`roles.CASEWORK_ROLES`: desk, supporter, coordinator).

Every writer asks `check_roles` (the user's model `clean`/`save`, the role grant's
`clean`/`save`, `services.grant_role`, `services.mark_indicatiesteller`, hence the admin too);
`naast.privacy.policy.sees_client_data` asks `is_independent` again, so a row that slipped past
them (a queryset update, a database restore) still shows nothing; and the system check in
`checks.py` names such users by username.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import CASEWORK_ROLES, Role

# Roles that see client data: never for municipal staff.
CLIENT_DATA_ROLES = CASEWORK_ROLES

# Users bound to a municipality, as a filter (the same test as `is_bound_to_municipality`).
BOUND_TO_MUNICIPALITY = Q(is_indicatiesteller=True) | Q(municipality__isnull=False)

NOT_INDEPENDENT = _(
    "Client support must be independent of the municipality (Wmo 2015). Someone who works for a "
    "municipality or decides on provisions (indicatiesteller) can therefore have no role that sees "
    "residents' data (here: %(roles)s)."
)


def is_bound_to_municipality(user) -> bool:
    """Works for a municipality or decides on provisions."""
    return bool(getattr(user, "is_indicatiesteller", False) or getattr(user, "municipality_id", None))


def is_independent(user) -> bool:
    """May this user hold a role that sees client data at all?"""
    return not is_bound_to_municipality(user)


def refused_roles(user, roles: Iterable[str]) -> list[str]:
    """The roles of `roles` this user may not hold, in a stable order (none for independent staff)."""
    if is_independent(user):
        return []
    return sorted(set(roles) & CLIENT_DATA_ROLES)


def refusal(user, roles: Iterable[str]) -> str:
    """The message for refusing `roles` to `user`: the rule and which roles it concerns."""
    labels = ", ".join(str(Role(role).label).lower() for role in refused_roles(user, roles))
    return NOT_INDEPENDENT % {"roles": labels} if labels else ""


def check_roles(user, roles: Iterable[str], *, field: str | None = None) -> None:
    """Raise ValidationError (on `field`, when given) if `user` may not hold one of `roles`."""
    roles = list(roles)
    if refused_roles(user, roles):
        message = refusal(user, roles)
        raise ValidationError({field: message} if field else message, code="not_independent")


def municipal_field(user) -> str:
    """The field that binds `user` to the municipality, for showing the refusal next to it."""
    return "is_indicatiesteller" if getattr(user, "is_indicatiesteller", False) else "municipality"
