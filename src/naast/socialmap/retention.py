"""The social map's part of the data inventory (`naast.core.extensions`, "retention.py").

The social map describes services, not residents: public data (HSDS 3.0) and the staff's own notes
on services. A service's contact person is published by that service."""

from naast.core.extensions import NotPersonal, Personal

MAP = NotPersonal("public data of the social map (HSDS), about services and organisations")
CODE = NotPersonal("a code")
INTERNAL = NotPersonal("staff-only information about a service (how to refer), no resident's data")
SEARCH = NotPersonal("the search index and curated search phrases")
HISTORY = NotPersonal("the history of a service's fields (the service's public data)")
CONTACT = Personal("a service's contact person, as the service publishes it", "everyone (the public map)",
                   "kept while the service lists them; removed by the map's editors", by_retention=False)

PERSONAL_FIELDS = {
    "Organization.name": MAP,
    "Organization.alternate_name": MAP,
    "Organization.description": MAP,
    "Organization.email": MAP,
    "Organization.website": MAP,
    "Organization.tax_status": MAP,
    "Organization.tax_id": MAP,
    "Organization.legal_status": MAP,
    "Organization.logo": MAP,
    "Organization.uri": MAP,
    "Taxonomy.name": MAP,
    "Taxonomy.description": MAP,
    "Taxonomy.uri": MAP,
    "Taxonomy.version": MAP,
    "TaxonomyTerm.code": MAP,
    "TaxonomyTerm.name": MAP,
    "TaxonomyTerm.description": MAP,
    "TaxonomyTerm.taxonomy": MAP,
    "TaxonomyTerm.language": MAP,
    "TaxonomyTerm.term_uri": MAP,
    "TaxonomyTerm.keywords": MAP,
    "Service.name": MAP,
    "Service.alternate_name": MAP,
    "Service.description": MAP,
    "Service.url": MAP,
    "Service.email": MAP,
    "Service.status": MAP,
    "Service.interpretation_services": MAP,
    "Service.application_process": MAP,
    "Service.fees_description": MAP,
    "Service.fees": MAP,
    "Service.wait_time": MAP,
    "Service.accreditations": MAP,
    "Service.eligibility_description": MAP,
    "Service.assurer_email": MAP,
    "Service.licenses": MAP,
    "Service.alert": MAP,
    "Service.internal_notes": INTERNAL,
    "Service.direct_line": INTERNAL,
    "Service.referral_instructions": INTERNAL,
    "ServiceAttribute.link_type": MAP,
    "ServiceAttribute.link_entity": MAP,
    "ServiceAttribute.value": MAP,
    "Location.location_type": MAP,
    "Location.url": MAP,
    "Location.name": MAP,
    "Location.alternate_name": MAP,
    "Location.description": MAP,
    "Location.transportation": MAP,
    "Location.external_identifier": MAP,
    "Location.external_identifier_type": MAP,
    "Address.attention": MAP,
    "Address.address_1": MAP,
    "Address.address_2": MAP,
    "Address.city": MAP,
    "Address.region": MAP,
    "Address.state_province": MAP,
    "Address.postal_code": MAP,
    "Address.country": MAP,
    "Address.address_type": MAP,
    "Accessibility.description": MAP,
    "Accessibility.details": MAP,
    "Accessibility.url": MAP,
    "ServiceAtLocation.description": MAP,
    "Contact.name": CONTACT,
    "Contact.title": CONTACT,
    "Contact.department": MAP,
    "Contact.email": CONTACT,
    "Phone.number": MAP,
    "Phone.type": MAP,
    "Phone.description": MAP,
    "Schedule.wkst": MAP,
    "Schedule.freq": MAP,
    "Schedule.byday": MAP,
    "Schedule.byweekno": MAP,
    "Schedule.bymonthday": MAP,
    "Schedule.byyearday": MAP,
    "Schedule.description": MAP,
    "Schedule.schedule_link": MAP,
    "Schedule.attending_type": MAP,
    "Schedule.notes": MAP,
    "ServiceArea.name": MAP,
    "ServiceArea.description": MAP,
    "ServiceArea.extent": MAP,
    "ServiceArea.extent_type": MAP,
    "ServiceArea.uri": MAP,
    "Language.name": MAP,
    "Language.code": MAP,
    "Language.note": MAP,
    "CostOption.option": MAP,
    "CostOption.currency": MAP,
    "CostOption.amount_description": MAP,
    "Funding.source": MAP,
    "RequiredDocument.document": MAP,
    "RequiredDocument.uri": MAP,
    "ServiceChange.kind": CODE,
    "ServiceChange.changes": HISTORY,
    "SearchPhrase.phrase": SEARCH,
    "SearchPhrase.expansion": SEARCH,
    "SearchPosting.stem": SEARCH,
    "SearchFacet.facet": CODE,
    "SearchFacet.name": MAP,
    "SearchStem.stem": SEARCH,
    "SearchWord.word": SEARCH,
    "SearchWord.stem": SEARCH,
    "SearchConcept.key": CODE,
    "SearchConcept.phrases_nl": SEARCH,
    "SearchConcept.phrases_en": SEARCH,
    "SearchConcept.phrases_ar": SEARCH,
    "SearchConcept.phrases_tr": SEARCH,
    "SearchConcept.phrases_pl": SEARCH,
    "SearchConcept.phrases_uk": SEARCH,
    "SearchConcept.expansion": SEARCH,
    "SearchStatistic.query": Personal(
        "what residents searched for, counted per month (digits and e-mail addresses removed first, nothing "
        "about the person kept); a typed name could still end up in it", "coordinators (searches to improve)",
        "the words go with the retention period; the month's counts stay (`expire_search_words`)"),
    "ProviderCheck.email": Personal("the provider's address the check link went to", "nobody on a page",
                                    "kept with the check", by_retention=False),
    "ProviderCheck.token_digest": NotPersonal("a hash of a check link; the link itself is not stored"),
    "ServiceCorrection.proposed": NotPersonal("a provider's proposed correction of its own public service data"),
    "ServiceCorrection.note": NotPersonal("a provider's note with its proposed correction, about its service"),
    "ServiceCorrection.state": CODE,
}


def expire_search_words(cutoff) -> dict[str, int]:
    """What residents typed in the map's search, for the months before the cutoff's month: each
    such month's rows become one row without words that keeps the month's counts (the monthly
    summary stays the same; a typed name goes)."""
    from django.db.models import Sum

    from .models import SearchStatistic

    month = cutoff.date().replace(day=1) if hasattr(cutoff, "date") else cutoff.replace(day=1)
    old = SearchStatistic.objects.filter(month__lt=month)
    months = list(old.exclude(query="").values_list("month", flat=True).distinct())
    sums = {row.pop("month"): row for row in SearchStatistic.objects.filter(month__in=months).values("month").annotate(
        searches=Sum("searches"), without_results=Sum("without_results"), helped=Sum("helped"),
        not_helped=Sum("not_helped"))}
    forgotten = SearchStatistic.objects.filter(month__in=months).exclude(query="").count()
    SearchStatistic.objects.filter(month__in=months).delete()
    SearchStatistic.objects.bulk_create([SearchStatistic(month=m, query="", **counts) for m, counts in sums.items()])
    return {"search words": forgotten}


EXPIRE = [expire_search_words]
