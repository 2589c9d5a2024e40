"""`HelpRequest.life_domain_key` (naast.registry.life_domains) always equals the request's links,
whichever way they are written: from the request or from the life domain, by a correction, by
an instance loaded before the change and saved after it, and in the demo data's bulk load.
The monitor report counts the life domains from this key, so a wrong key is a wrong report."""

import pytest
from django.core.management import call_command

from naast.registry import lifecycle
from naast.registry.corrections import RequestFacts, correct_request
from naast.registry.life_domains import ids_of, key_of
from naast.registry.models import HelpRequest
from naast.taxonomies.models import LifeDomain

pytestmark = pytest.mark.django_db


def _links(hr) -> list[int]:
    return sorted(HelpRequest.life_domains.through.objects.filter(helprequest_id=hr.pk)
                  .values_list("lifedomain_id", flat=True))


def _key(hr) -> str:
    return HelpRequest.objects.values_list("life_domain_key", flat=True).get(pk=hr.pk)


def _every_key_matches_the_links() -> None:
    links = {}
    for request_id, domain_id in HelpRequest.life_domains.through.objects.values_list("helprequest_id",
                                                                                      "lifedomain_id"):
        links.setdefault(request_id, []).append(domain_id)
    for pk, key in HelpRequest.objects.values_list("pk", "life_domain_key"):
        assert ids_of(key) == sorted(links.get(pk, [])), pk


def test_the_key_follows_every_change_from_the_request(f):
    a, b, c = LifeDomain.objects.order_by("pk")[:3]
    hr = f.help_request()
    assert _key(hr) == ""
    hr.life_domains.set([c, a])
    assert _key(hr) == key_of([a.pk, c.pk]) == f"{a.pk},{c.pk}"
    hr.life_domains.add(b)
    assert ids_of(_key(hr)) == _links(hr) == [a.pk, b.pk, c.pk]
    hr.life_domains.remove(a)
    assert ids_of(_key(hr)) == _links(hr) == [b.pk, c.pk]
    hr.life_domains.clear()
    assert _key(hr) == ""


def test_the_key_follows_changes_from_the_life_domain(f):
    a, b = LifeDomain.objects.order_by("pk")[:2]
    first, second = f.help_request(), f.help_request()
    first.life_domains.set([b])
    a.help_requests.add(first, second)
    assert ids_of(_key(first)) == [a.pk, b.pk] and ids_of(_key(second)) == [a.pk]
    a.help_requests.remove(second)
    assert _key(second) == ""
    a.help_requests.set([second])
    assert ids_of(_key(first)) == [b.pk] and ids_of(_key(second)) == [a.pk]
    a.help_requests.clear()
    assert _key(second) == "" and ids_of(_key(first)) == [b.pk]


def test_an_instance_loaded_before_the_change_does_not_put_the_old_key_back(f):
    a, b = LifeDomain.objects.order_by("pk")[:2]
    hr = f.help_request()
    hr.life_domains.set([a])
    stale = HelpRequest.objects.get(pk=hr.pk)
    HelpRequest.objects.get(pk=hr.pk).life_domains.set([b])
    stale.referrer = "gp"
    stale.save()  # a full save of every other field
    assert _key(hr) == str(b.pk)
    assert HelpRequest.objects.get(pk=hr.pk).referrer == "gp"
    copy = HelpRequest.objects.get(pk=hr.pk)
    copy.pk, copy.reference = None, ""
    copy._state.adding = True
    with lifecycle.arbitrary_state():
        copy.save()  # a new request has no links yet, whatever the instance held
    assert _key(copy) == "" and _links(copy) == []


def test_a_correction_of_the_life_domains_moves_the_key(f):
    a, b = LifeDomain.objects.order_by("pk")[:2]
    hr = f.help_request()
    hr.life_domains.set([a])
    facts = RequestFacts.of(hr)
    facts.life_domains = [b]
    correct_request(hr, facts, by=f.user("coordinator"), reason="Verkeerd levensgebied gekozen")
    assert _key(hr) == str(b.pk) and _links(hr) == [b.pk]


def test_the_demo_data_writes_the_key_with_the_links(f):
    call_command("demo-data", requests=60, quiet=True)
    assert HelpRequest.objects.exclude(life_domain_key="").count() > 30
    _every_key_matches_the_links()
