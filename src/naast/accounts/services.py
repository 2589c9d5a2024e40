"""Writes that enforce the rules for staff and roles."""

from django.core.exceptions import ValidationError
from django.db import transaction

from . import independence
from .models import RoleGrant, SupporterProfile, User
from .roles import Role


@transaction.atomic
def grant_role(user: User, role: str) -> RoleGrant:
    """Give `user` a role. Municipal staff (an indicatiesteller, anyone employed by a municipality)
    never get a role that sees client data (`independence`)."""
    if role not in Role.values:
        raise ValidationError({"role": f"unknown role {role!r}"})
    independence.check_roles(user, [role], field="role")
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
    """Flag a user as one who decides on provisions. Refused while they hold a role that sees
    client data (`independence`, checked by `User.save`)."""
    before = user.is_indicatiesteller
    user.is_indicatiesteller = value
    try:
        user.save(update_fields=["is_indicatiesteller"])
    except ValidationError:
        user.is_indicatiesteller = before
        raise
