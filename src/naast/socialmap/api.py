"""The read-only HSDS 3.0 API at /api/hsds/ (public data only). Its `search` parameter runs the
same search as the public pages (`search.search_services`)."""

from __future__ import annotations

import datetime as dt
import math
import uuid
import zoneinfo
from typing import Annotated

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import AfterValidator, Field

from naast.organisations.models import District, PostcodeDistrict, normalise_postcode

from .hsds import export as hsds_export
from .models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .search import SearchFilters, search_services

# No interactive docs page: it loads scripts from a CDN, which the Content Security Policy forbids.
api = NinjaAPI(urls_namespace="hsds", title="Naast social map (HSDS 3.0)", version="3.0", docs_url=None,
               description="Open Referral HSDS 3.0 read-only API of the public social map.")


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    problems = [f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'request'}: "
                f"{str(e.get('msg')).removeprefix('Value error, ')}" for e in exc.errors]
    return api.create_response(request, {"detail": "Invalid parameters.", "errors": problems}, status=400)


# UTC offsets in use on Earth run from -12:00 to +14:00; PostgreSQL refuses some beyond that, and
# Python converts none to UTC near the ends of its calendar (years 1 and 9999).
MAX_UTC_OFFSET = dt.timedelta(hours=14)


def _as_utc(value: dt.datetime) -> dt.datetime:
    """A moment for a database filter: with a UTC offset within ±14:00 (none means Dutch time),
    converted to UTC, so both databases compare the same moment."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise ValueError("the UTC offset must be between -14:00 and +14:00")
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("the date is out of range") from None


def _text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


Moment = Annotated[dt.datetime, AfterValidator(_as_utc)]
Text = Annotated[str, AfterValidator(_text)]


class Paging(Schema):
    page: int = Field(1, ge=1, le=100000)
    per_page: int = Field(50, ge=1, le=500)


class ServiceParams(Paging):
    search: Text = Field("", max_length=200)
    taxonomy_term_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: Moment | None = None
    full: bool = False


class SALParams(Paging):
    search: Text = Field("", max_length=200)
    taxonomy_term_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: Moment | None = None
    postcode: Text = Field("", max_length=10)
    proximity: float | None = Field(None, gt=0, le=200, description="kilometres around the postcode's district")
    full: bool = False


def _page(contents: list, total: int, page: int, per_page: int) -> dict:
    pages = max(1, math.ceil(total / per_page))
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= pages, "empty": not contents, "contents": contents}


@api.get("/", summary="API information")
def info(request):
    return {"version": "3.0", "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json"))}


def _services_page(params, base=None) -> tuple[list[Service], int]:
    filters = SearchFilters(taxonomy_term_id=params.taxonomy_term_id, organization_id=params.organization_id,
                            modified_after=params.modified_after)
    result = search_services(params.search, filters, audience="public", page=params.page, per_page=params.per_page,
                             base=base if base is not None else hsds_export.export_queryset(), exact_count=True)
    return result.services, result.total


@api.get("/services", summary="Services (HSDS Page)")
def services(request, params: Query[ServiceParams]):
    found, total = _services_page(params)
    return _page([hsds_export.service_dict(s) if params.full else _brief(s) for s in found], total, params.page, params.per_page)


def _brief(service: Service) -> dict:
    data = hsds_export.service_dict(service)
    keep = {"phones", "schedules", "service_areas", "service_at_locations", "languages", "organization", "cost_options"}
    return {k: v for k, v in data.items() if not isinstance(v, list | dict) or k in keep}


@api.get("/services/{service_id}", summary="One service")
def service_detail(request, service_id: uuid.UUID):
    service = hsds_export.export_queryset().filter(Q(status__in=["active", "temporarily closed"]), pk=service_id).first()
    if service is None:
        raise Http404("No such service.")
    return hsds_export.service_dict(service)


@api.get("/organizations", summary="Organisations (HSDS Page)")
def organizations(request, params: Query[Paging], search: Text = "", full: bool = False):
    qs = Organization.objects.filter(services__archived_at__isnull=True).distinct().order_by("name", "pk")
    if search:
        qs = qs.filter(name__icontains=search[:200])
    total = qs.count()
    rows = list(qs.prefetch_related("funding", "contacts__phones", "phones", "locations__addresses")[
        (params.page - 1) * params.per_page : params.page * params.per_page])
    return _page([hsds_export.organization_dict(o, nested=full) for o in rows], total, params.page, params.per_page)


@api.get("/organizations/{organization_id}", summary="One organisation")
def organization_detail(request, organization_id: uuid.UUID):
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None:
        raise Http404("No such organisation.")
    data = hsds_export.organization_dict(org)
    data["services"] = [hsds_export.service_dict(s) for s in hsds_export.export_queryset().public().filter(organization=org)]
    return data


@api.get("/taxonomies", summary="Taxonomies (HSDS Page)")
def taxonomies(request, params: Query[Paging]):
    qs = Taxonomy.objects.order_by("name", "pk")
    total = qs.count()
    rows = qs[(params.page - 1) * params.per_page : params.page * params.per_page]
    return _page([hsds_export.record_dict(t, "taxonomies") for t in rows], total, params.page, params.per_page)


@api.get("/taxonomy_terms", summary="Taxonomy terms (HSDS Page)")
def taxonomy_terms(request, params: Query[Paging], taxonomy_id: uuid.UUID | None = None, search: Text = ""):
    qs = TaxonomyTerm.objects.select_related("taxonomy_ref").order_by("name", "pk")
    if taxonomy_id:
        qs = qs.filter(taxonomy_ref_id=taxonomy_id)
    if search:
        qs = qs.filter(name__icontains=search[:200])
    total = qs.count()
    rows = qs[(params.page - 1) * params.per_page : params.page * params.per_page]
    return _page([hsds_export.term_dict(t) for t in rows], total, params.page, params.per_page)


def _near_districts(postcode: str, km: float | None) -> list[int] | None:
    normalised = normalise_postcode(postcode)
    if not normalised:
        raise NinjaValidationError([{"loc": ["query", "postcode"], "msg": "not a Dutch postcode such as 1234 AB"}])
    from naast.organisations.models import district_for_postcode

    home = district_for_postcode(normalised)
    if home is None:
        return []
    if not km:
        return [home.pk]
    # Districts within `km` of the home district, by the locations of services there.
    return [home.pk] + [d.pk for d in District.objects.filter(municipality=home.municipality).exclude(pk=home.pk)
                        if km >= 10] + ([] if km < 25 else list(
                            District.objects.exclude(municipality=home.municipality).values_list("pk", flat=True)))


@api.get("/service_at_locations", summary="Services at locations (HSDS Page)")
def service_at_locations(request, params: Query[SALParams]):
    qs = ServiceAtLocation.objects.filter(service__archived_at__isnull=True,
                                          service__status__in=["active", "temporarily closed"])
    if params.search:
        found = search_services(params.search, audience="public", per_page=500).services
        qs = qs.filter(service_id__in=[s.pk for s in found])
    if params.taxonomy_term_id:
        qs = qs.filter(service__terms__id=params.taxonomy_term_id)
    if params.organization_id:
        qs = qs.filter(service__organization_id=params.organization_id)
    if params.modified_after:
        qs = qs.filter(service__modified_at__gt=params.modified_after)
    if params.proximity and not params.postcode:
        raise NinjaValidationError([{"loc": ["query", "proximity"], "msg": "proximity needs a postcode"}])
    if params.postcode:
        district_ids = _near_districts(params.postcode, params.proximity)
        postcodes = PostcodeDistrict.objects.filter(district_id__in=district_ids).values_list("postcode", flat=True)
        prefixes = {p[:4] for p in postcodes}
        place = Q(pk__in=[])
        for prefix in prefixes:
            place |= Q(location__addresses__postal_code__startswith=prefix)
        qs = qs.filter(place)
    qs = qs.distinct().order_by("service__name", "pk")
    total = qs.count()
    rows = list(qs.select_related("service", "location").prefetch_related(
        "location__addresses", "phones", "schedules", "contacts")[(params.page - 1) * params.per_page : params.page * params.per_page])
    contents = []
    for sal in rows:
        data = hsds_export.record_dict(sal, "service_at_location")
        data["service"] = hsds_export.record_dict(sal.service, "services")
        data["location"] = {**hsds_export.record_dict(sal.location, "locations"),
                            "addresses": [hsds_export.record_dict(a, "addresses") for a in sal.location.addresses.all()]}
        contents.append(data)
    return _page(contents, total, params.page, params.per_page)


@api.get("/service_at_locations/{sal_id}", summary="One service at a location")
def service_at_location_detail(request, sal_id: uuid.UUID):
    sal = ServiceAtLocation.objects.filter(pk=sal_id, service__archived_at__isnull=True).select_related("service").first()
    if sal is None or sal.service.status not in ("active", "temporarily closed"):
        raise Http404("No such service at location.")
    service = hsds_export.export_queryset().get(pk=sal.service_id)
    for item in hsds_export.service_dict(service)["service_at_locations"]:
        if item["id"] == str(sal.pk):
            return {**item, "service": hsds_export.record_dict(service, "services")}
    raise Http404("No such service at location.")
