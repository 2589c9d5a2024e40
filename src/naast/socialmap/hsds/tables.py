"""What Naast holds of HSDS 3.0: its tables with their models and field kinds, the required
fields, allowed values and references every import is checked against, and the fixed ids of
Naast's own taxonomies."""

from __future__ import annotations

from naast.taxonomies.models import LifeDomain, TargetGroup

from ..models import (
    Accessibility,
    Address,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    naast_uuid,
)
from ..models import (
    Contact as ContactModel,
)

# table -> (model, {hsds field: kind}); kinds: str, int, float, decimal, date, time, datetime, email, url, uuid
TABLES: dict[str, tuple[type, dict[str, str]]] = {
    "taxonomies": (Taxonomy, {"name": "str", "description": "str", "uri": "url", "version": "str"}),
    "taxonomy_terms": (TaxonomyTerm, {"code": "str", "name": "str", "description": "str", "parent_id": "uuid",
                                      "taxonomy": "str", "language": "str", "taxonomy_id": "uuid", "term_uri": "url"}),
    "organizations": (Organization, {"name": "str", "alternate_name": "str", "description": "str", "email": "email",
                                     "website": "url", "tax_status": "str", "tax_id": "str", "year_incorporated": "int",
                                     "legal_status": "str", "logo": "str", "uri": "url", "parent_organization_id": "uuid"}),
    "services": (Service, {"organization_id": "uuid", "name": "str", "alternate_name": "str", "description": "str",
                           "url": "url", "email": "email", "status": "str", "interpretation_services": "str",
                           "application_process": "str", "fees_description": "str", "wait_time": "str", "fees": "str",
                           "accreditations": "str", "eligibility_description": "str", "minimum_age": "int",
                           "maximum_age": "int", "assured_date": "date", "assurer_email": "email", "licenses": "str",
                           "alert": "str", "last_modified": "datetime"}),
    "locations": (Location, {"location_type": "str", "url": "url", "organization_id": "uuid", "name": "str",
                             "alternate_name": "str", "description": "str", "transportation": "str", "latitude": "float",
                             "longitude": "float", "external_identifier": "str", "external_identifier_type": "str"}),
    "addresses": (Address, {"location_id": "uuid", "attention": "str", "address_1": "str", "address_2": "str",
                            "city": "str", "region": "str", "state_province": "str", "postal_code": "str",
                            "country": "str", "address_type": "str"}),
    "accessibility": (Accessibility, {"location_id": "uuid", "description": "str", "details": "str", "url": "url"}),
    "service_at_location": (ServiceAtLocation, {"service_id": "uuid", "location_id": "uuid", "description": "str"}),
    "contacts": (ContactModel, {"organization_id": "uuid", "service_id": "uuid", "service_at_location_id": "uuid",
                                "location_id": "uuid", "name": "str", "title": "str", "department": "str", "email": "email"}),
    "phones": (Phone, {"location_id": "uuid", "service_id": "uuid", "organization_id": "uuid", "contact_id": "uuid",
                       "service_at_location_id": "uuid", "number": "str", "extension": "int", "type": "str",
                       "description": "str"}),
    "schedules": (Schedule, {"service_id": "uuid", "location_id": "uuid", "service_at_location_id": "uuid",
                             "valid_from": "date", "valid_to": "date", "dtstart": "date", "timezone": "int", "until": "date",
                             "count": "int", "wkst": "str", "freq": "str", "interval": "int", "byday": "str",
                             "byweekno": "str", "bymonthday": "str", "byyearday": "str", "description": "str",
                             "opens_at": "time", "closes_at": "time", "schedule_link": "url", "attending_type": "str",
                             "notes": "str"}),
    "service_areas": (ServiceArea, {"service_id": "uuid", "name": "str", "description": "str", "extent": "str",
                                    "extent_type": "str", "uri": "str"}),
    "languages": (Language, {"service_id": "uuid", "location_id": "uuid", "phone_id": "uuid", "name": "str",
                             "code": "str", "note": "str"}),
    "cost_options": (CostOption, {"service_id": "uuid", "valid_from": "date", "valid_to": "date", "option": "str",
                                  "currency": "str", "amount": "decimal", "amount_description": "str"}),
    "funding": (Funding, {"organization_id": "uuid", "service_id": "uuid", "source": "str"}),
    "required_documents": (RequiredDocument, {"service_id": "uuid", "document": "str", "uri": "url"}),
    "attributes": (None, {"link_id": "uuid", "taxonomy_term_id": "uuid", "link_type": "str", "link_entity": "str",
                          "value": "str"}),
}
# Tables of the standard that Naast does not hold; reported, not rejected.
IGNORED_TABLES = {"programs", "organization_identifiers", "metadata", "meta_table_descriptions"}

REQUIRED = {
    "taxonomies": ["name", "description"], "taxonomy_terms": ["name", "description"],
    "organizations": ["name", "description"], "services": ["name", "status"], "locations": ["location_type"],
    "addresses": ["address_1", "city", "state_province", "postal_code", "country", "address_type"],
    "phones": ["number"],
}
ENUMS = {
    ("services", "status"): ["active", "inactive", "defunct", "temporarily closed"],
    ("locations", "location_type"): ["physical", "postal", "virtual"],
    ("addresses", "address_type"): ["physical", "postal", "virtual"],
    ("schedules", "wkst"): ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
    ("schedules", "freq"): ["WEEKLY", "MONTHLY"],
}
# References that must point to a record in the file or in the map; else the record is rejected.
HARD_REFS = {
    ("services", "organization_id"): "organizations",
    ("service_at_location", "service_id"): "services", ("service_at_location", "location_id"): "locations",
    ("addresses", "location_id"): "locations", ("accessibility", "location_id"): "locations",
    ("service_areas", "service_id"): "services", ("cost_options", "service_id"): "services",
    ("required_documents", "service_id"): "services",
}
# Records that may belong to several owners: at least one given owner must be known.
OWNER_REFS = {
    "phones": {"location_id": "locations", "service_id": "services", "organization_id": "organizations",
               "contact_id": "contacts", "service_at_location_id": "service_at_location"},
    "contacts": {"organization_id": "organizations", "service_id": "services",
                 "service_at_location_id": "service_at_location", "location_id": "locations"},
    "schedules": {"service_id": "services", "location_id": "locations", "service_at_location_id": "service_at_location"},
    "languages": {"service_id": "services", "location_id": "locations", "phone_id": "phones"},
    "funding": {"organization_id": "organizations", "service_id": "services"},
}
WRITE_ORDER = ["taxonomies", "taxonomy_terms", "organizations", "services", "locations", "addresses", "accessibility",
               "service_at_location", "contacts", "phones", "schedules", "service_areas", "languages", "cost_options",
               "funding", "required_documents"]
MODEL_FIELD = {("services", "last_modified"): "modified_at", ("taxonomy_terms", "taxonomy_id"): "taxonomy_id_value"}
# A CSV file whose name is not its table's name plus ".csv".
CSV_FILES = {"service_at_location.csv": "service_at_location"}

# Naast's own taxonomies (life domains, target groups) travel as attributes with fixed ids.
LIFE_DOMAIN_TAXONOMY = "naast-life-domain"
TARGET_GROUP_TAXONOMY = "naast-target-group"

_NAAST_TERMS: dict[str, tuple[str, str]] = {}


def naast_term(term_id: str | None) -> tuple[str, str] | None:
    """('life_domain'|'target_group', code) for the fixed ids Naast exports its own taxonomies with."""
    if not _NAAST_TERMS:
        for code in LifeDomain.objects.values_list("code", flat=True):
            _NAAST_TERMS[str(naast_uuid("life-domain", code))] = ("life_domain", code)
        for code in TargetGroup.objects.values_list("code", flat=True):
            _NAAST_TERMS[str(naast_uuid("target-group", code))] = ("target_group", code)
    return _NAAST_TERMS.get(str(term_id)) if term_id else None
