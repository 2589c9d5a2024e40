"""Builders for the front door's tests (shared ones live in tests/factories.py)."""

from __future__ import annotations

from decimal import Decimal

from naast.accounts.models import SupporterProfile
from naast.accounts.roles import Role
from naast.intake import services
from tests import factories


def supporter(org=None, *, domains=(), groups=(), districts=(), languages=("nl",), hours=32, **fields):
    user = factories.user(Role.SUPPORTER, org=org, email=fields.pop("email", None) or f"s{id(fields)}@example.org", **fields)
    profile = SupporterProfile.objects.get(user=user)
    profile.languages = list(languages)
    profile.contracted_hours_per_week = Decimal(hours)
    profile.save()
    profile.life_domains.set(domains)
    profile.target_groups.set(groups)
    profile.districts.set(districts)
    return user


def web_request(**kwargs):
    kwargs.setdefault("channel", "web")
    kwargs.setdefault("question", "Ik begrijp de brief over mijn huishoudelijke hulp niet.")
    return services.register_request(**kwargs).help_request
