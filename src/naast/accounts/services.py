"""Writes that enforce the rules for staff and roles."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import INDICATIESTELLER_CANNOT_SUPPORT, RoleGrant, SupporterProfile, User
from .roles import Role


@transaction.atomic
def grant_role(user: User, role: str) -> RoleGrant:
    """Give `user` a role. An indicatiesteller can never become a supporter."""
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role {role!r}"})
    if role == Role.SUPPORTER and user.is_indicatiesteller:
        raise ValidationError({"role": INDICATIESTELLER_CANNOT_SUPPORT})
    grant, _created = RoleGrant.objects.get_or_create(user=user, role=role)
    if role == Role.SUPPORTER:
        SupporterProfile.objects.get_or_create(user=user)
    user.__dict__.pop("roles", None)
    return grant


@transaction.atomic
def revoke_role(user: User, role: str) -> None:
    RoleGrant.objects.filter(user=user, role=role).delete()
    user.__dict__.pop("roles", None)


@transaction.atomic
def mark_indicatiesteller(user: User, value: bool = True) -> None:
    """Flag a user as one who decides on provisions. Refused while they hold the supporter role."""
    if value and RoleGrant.objects.filter(user=user, role=Role.SUPPORTER).exists():
        raise ValidationError({"is_indicatiesteller": INDICATIESTELLER_CANNOT_SUPPORT})
    user.is_indicatiesteller = value
    user.save(update_fields=["is_indicatiesteller"])
