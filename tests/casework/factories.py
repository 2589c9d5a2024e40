"""Builders for casework tests: services of the social map to refer to."""

from naast.socialmap.models import Organization, Service


def map_service(organisation: str = "Stichting Hulp", name: str | None = None, index: bool = False, **fields) -> Service:
    """A social-map service of `organisation`; indexed for search only when a test searches."""
    from tests.socialmap.factories import service

    org = Organization.objects.get_or_create(name=organisation, defaults={"description": "Test"})[0]
    return service(name or f"{organisation}: hulp", organization=org, index=index, **fields)
