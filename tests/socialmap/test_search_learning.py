"""Issue 18: coordinators edit the thesaurus of concepts; the public map asks "did this help?"
(anonymous, limited) and the searches that found nothing or got "no" are listed with one click
to add a concept."""

import pytest
from django.urls import reverse

from naast.accounts.roles import Role
from naast.socialmap import learning
from naast.socialmap.models import SearchConcept, SearchStatistic
from naast.socialmap.search import search_services

from . import factories

pytestmark = pytest.mark.django_db


def test_the_seeded_thesaurus_covers_the_eight_life_domains_in_six_languages():
    concepts = list(SearchConcept.objects.select_related("life_domain"))
    assert len(concepts) >= 150
    assert len({c.life_domain.code for c in concepts if c.life_domain}) == 8
    for lang in SearchConcept.LANGUAGES:
        assert sum(1 for c in concepts if getattr(c, f"phrases_{lang}").strip()) >= 150, lang


def test_a_coordinator_adds_a_concept_and_search_uses_it_at_once(login, f, org):
    factories.service("Wandelclub De Stappers", description="Elke week samen wandelen in het bos.")
    assert "Wandelclub De Stappers" not in [s.name for s in search_services("spacer").services]
    client = login(f.user(Role.COORDINATOR, org=org))
    response = client.post(reverse("socialmap:concept_create"), {
        "key": "wandelclub", "phrases_nl": "wandelclub\n  samen  lopen ", "phrases_pl": "spacer", "phrases_en": "",
        "phrases_ar": "", "phrases_tr": "", "phrases_uk": "прогулянка",
        "expansion": "wandelen wandelclub",
    }, follow=True)
    assert "wandelclub" in response.content.decode()
    concept = SearchConcept.objects.get(key="wandelclub")
    assert concept.phrases_nl == "wandelclub\nsamen lopen"
    assert [s.name for s in search_services("spacer").services][:1] == ["Wandelclub De Stappers"]
    assert [s.name for s in search_services("прогулянка").services][:1] == ["Wandelclub De Stappers"]
    client.post(reverse("socialmap:concept_edit", args=[concept.pk]), {"delete": "1"})
    assert not SearchConcept.objects.filter(key="wandelclub").exists()


def test_a_concept_without_words_gets_a_clear_message(login, f, org):
    client = login(f.user(Role.COORDINATOR, org=org))
    response = client.post(reverse("socialmap:concept_create"), {"key": "leeg", "expansion": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert not SearchConcept.objects.filter(key="leeg").exists()
    assert "at least one" in html or "minstens" in html


def test_supporters_cannot_edit_the_thesaurus_or_read_the_searches(login, f, org):
    client = login(f.user(Role.SUPPORTER, org=org))
    for name in ("socialmap:concepts", "socialmap:concept_create", "socialmap:search_statistics"):
        assert client.get(reverse(name)).status_code == 403


def test_did_this_help_is_counted_per_query_without_personal_data(client, settings):
    factories.service("Schuldhulpverlening", description="Hulp bij schulden.")
    page = client.get("/kaart/", {"q": "schulden jan@example.org 0612345678"}).content.decode()
    assert 'action="/kaart/geholpen/"' in page
    client.post("/kaart/geholpen/", {"q": "schulden jan@example.org 0612345678", "helped": "no"})
    client.get("/kaart/", {"q": "xyzzy onvindbaar"})
    row = SearchStatistic.objects.get(query="schulden")
    assert (row.searches, row.without_results, row.not_helped) == (1, 0, 1)
    assert SearchStatistic.objects.get(query="xyzzy onvindbaar").without_results == 1
    stored = " ".join(SearchStatistic.objects.values_list("query", flat=True))
    assert "@" not in stored and "0612" not in stored


def test_did_this_help_is_limited_per_visitor(client):
    from django.core.cache import cache

    cache.clear()
    client.get("/kaart/", {"q": "huur"})
    for _ in range(learning.FEEDBACK_PER_HOUR + 5):
        client.post("/kaart/geholpen/", {"q": "huur", "helped": "yes"})
    assert SearchStatistic.objects.get(query="huur").helped == learning.FEEDBACK_PER_HOUR


def test_an_answer_about_words_nobody_searched_for_adds_nothing(client):
    """A "did this help?" form posted by hand cannot put text on the coordinators' list."""
    from django.core.cache import cache

    cache.clear()  # no earlier test's answers from this address
    response = client.post("/kaart/geholpen/", {"q": "bel jan de vries op zijn werk", "helped": "no"}, follow=True)
    assert "Dank u wel." in response.content.decode()  # the same calm answer: nothing to learn for a prober
    assert not SearchStatistic.objects.exists()
    client.get("/kaart/", {"q": "huur"})
    page = client.post("/kaart/geholpen/", {"q": "Huur", "helped": "no"}, follow=True).content.decode()
    assert "Dank u wel." in page and "huur" in page.lower()  # back at the same results
    assert "Heeft dit geholpen?" not in page  # asked once: not again right after the answer
    row = SearchStatistic.objects.get(query="huur")
    assert (row.searches, row.not_helped) == (1, 1)  # the answer counted, the page shown again is no new search
    assert "Heeft dit geholpen?" in client.get("/kaart/", {"q": "huur"}).content.decode()  # a new search asks again


def test_feedback_with_bad_input_loses_nothing_and_answers_calmly(client):
    response = client.post("/kaart/geholpen/", {"q": "", "helped": "perhaps"})
    assert response.status_code == 302
    assert client.get("/kaart/geholpen/").status_code == 405


def test_the_coordinator_sees_searches_to_improve_with_one_click_to_add_a_concept(login, f, org, client):
    client.get("/kaart/", {"q": "kapotte fietsband"})
    coordinator = login(f.user(Role.COORDINATOR, org=org))
    html = coordinator.get(reverse("socialmap:search_statistics")).content.decode()
    assert "kapotte fietsband" in html
    assert reverse("socialmap:concept_create") + "?phrase=kapotte%20fietsband" in html
    form = coordinator.get(reverse("socialmap:concept_create") + "?phrase=kapotte%20fietsband").content.decode()
    assert "kapotte fietsband" in form


def test_searches_to_improve_cover_the_last_three_months_not_four():
    current = learning._month()
    year, month = divmod(current.year * 12 + current.month - 1 - 3, 12)
    four_months_ago = current.replace(year=year, month=month + 1)
    year, month = divmod(current.year * 12 + current.month - 1 - 2, 12)
    three_months_ago = current.replace(year=year, month=month + 1)
    SearchStatistic.objects.create(query="oude zoekvraag", month=four_months_ago, searches=3, without_results=3)
    SearchStatistic.objects.create(query="recente zoekvraag", month=three_months_ago, searches=2, without_results=2)
    assert [row["query"] for row in learning.to_improve()] == ["recente zoekvraag"]


def test_a_no_is_answered_with_who_to_call_and_a_yes_is_not(client):
    """"No" means the list did not help: the page offers the client-support service's own number
    and e-mail on top of the same results, as the empty-result fallback does."""
    from django.core.cache import cache

    from naast.organisations.models import ServiceProfile

    cache.clear()
    profile = ServiceProfile.get()
    profile.phone, profile.email = "0522 200 300", "hulp@example.org"
    profile.save()
    factories.service("Schuldhulpverlening", description="Hulp bij schulden.")
    client.get("/kaart/", {"q": "schulden"})
    page = client.post("/kaart/geholpen/", {"q": "schulden", "helped": "no"}, follow=True).content.decode()
    call_button = 'socialmap-button" href="tel:0522200300"'  # the footer always has the number as a link
    assert "Jammer dat dit niet hielp" in page and call_button in page
    assert "mailto:hulp@example.org" in page and "Schuldhulpverlening" in page  # the results are still there
    page = client.post("/kaart/geholpen/", {"q": "schulden", "helped": "yes"}, follow=True).content.decode()
    assert "Jammer dat dit niet hielp" not in page and call_button not in page
