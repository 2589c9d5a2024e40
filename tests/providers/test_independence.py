"""The independence flag of a municipality (naast.providers.independence.assess): the four cases of
the sources, each with the sentence a reader sees."""

import pytest
from django.utils import translation

from naast.providers.independence import Entry, access_routes, assess


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def test_a_care_provider_raises_the_flag_and_says_why():
    result = assess([Entry("Zorggroep Noorderboog", "care_provider", phone="0522 123 456")])
    assert result.flagged
    assert [r.code for r in result.reasons] == ["care_provider"]
    assert result.text == ("Zorggroep Noorderboog is een zorgaanbieder: ondersteuning door een zorgaanbieder is "
                           "niet onafhankelijk van de zorg die de inwoner helpt kiezen.")


def test_a_welfare_provider_inside_a_care_group_raises_the_flag():
    result = assess([Entry("Welzijn Midden", "welfare", parent_group="Zorggroep Drenthe", parent_provides_care=True)])
    assert [r.code for r in result.reasons] == ["care_group"]
    assert result.text == "Welzijn Midden hoort bij Zorggroep Drenthe, een groep die ook zorg levert."


def test_a_welfare_provider_in_a_group_without_care_is_independent():
    result = assess([Entry("Welzijn Midden", "welfare", parent_group="Stichting Welzijn Drenthe",
                           parent_provides_care=False)])
    assert not result.flagged


def test_the_municipality_itself_raises_the_flag():
    result = assess([Entry("Gemeente Meppel", "municipality")])
    assert [r.code for r in result.reasons] == ["municipality"]
    assert result.text == ("Gemeente Meppel is de gemeente zelf: cliëntondersteuning moet onafhankelijk zijn van de "
                           "gemeente die over voorzieningen beslist.")


def test_fully_independent_providers_raise_no_flag_and_say_so():
    result = assess([Entry("MEE Drenthe", "client_support"), Entry("Zorgbelang Drenthe", "client_interest")])
    assert not result.flagged
    assert result.reasons == ()
    assert result.text == ("Geen signaal: geen van de aanbieders is een zorgaanbieder, hoort bij een groep die zorg "
                           "levert, of is de gemeente zelf.")


def test_every_reason_of_every_provider_is_named():
    result = assess([Entry("MEE", "client_support"), Entry("Zorg BV", "care_provider", "Holding", True),
                     Entry("Gemeente X", "municipality")])
    assert [(r.provider, r.code) for r in result.reasons] == [
        ("Gemeente X", "municipality"), ("Zorg BV", "care_provider"), ("Zorg BV", "care_group")]


def test_access_routes_count_different_numbers_written_any_way():
    entries = [Entry("A", "welfare", phone="0522 123 456"), Entry("B", "welfare", phone="+31522123456"),
               Entry("C", "client_support", phone="0592 123 456"), Entry("D", "informal")]
    assert access_routes(entries) == 2
