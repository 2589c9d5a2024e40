"""Small builders for test data, shared by every app's tests."""

from __future__ import annotations

import itertools

from django.utils import timezone

from naast.accounts.models import User
from naast.accounts.services import grant_role
from naast.organisations.models import District, MemberOrganisation, Municipality
from naast.registry import lifecycle
from naast.registry.choices import Channel
from naast.registry.models import Assignment, Client, HelpRequest

_counter = itertools.count(1)


def organisation(name: str | None = None, kind: str = "client_support") -> MemberOrganisation:
    return MemberOrganisation.objects.get_or_create(name=name or f"Organisatie {next(_counter)}", defaults={"kind": kind})[0]


def municipality(code: str = "GM1701", name: str = "Westerveld") -> Municipality:
    return Municipality.objects.get_or_create(code=code, defaults={"name": name})[0]


def district(name: str = "Diever", muni: Municipality | None = None) -> District:
    return District.objects.get_or_create(municipality=muni or municipality(), name=name)[0]


def user(*roles: str, org: MemberOrganisation | None = None, muni: Municipality | None = None, **fields) -> User:
    username = fields.pop("username", None) or f"user{next(_counter)}"
    u = User.objects.create_user(username=username, password="Test-password-1234", organisation=org, municipality=muni, **fields)
    for role in roles:
        grant_role(u, role)
    return User.objects.get(pk=u.pk)


def client(name: str = "Anna B.", **fields) -> Client:
    return Client.objects.create(display_name=name, **fields)


def help_request(*, org: MemberOrganisation | None = None, supporter: User | None = None, **fields) -> HelpRequest:
    """A request in any state: status, due times and the moments that met them as given (none by
    default), so a test can set up exactly the case it needs. Live work moves requests through
    `naast.registry.lifecycle` instead."""
    fields.setdefault("client", client())
    fields.setdefault("channel", Channel.PHONE)
    fields.setdefault("received_at", timezone.now())
    fields.setdefault("question", "Ik begrijp de brief van de gemeente niet.")
    with lifecycle.arbitrary_state():
        hr = HelpRequest.objects.create(organisation=org, **fields)
    if supporter is not None:
        Assignment.objects.create(help_request=hr, supporter=supporter)
    return hr
