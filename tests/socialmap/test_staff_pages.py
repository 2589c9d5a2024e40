"""The professional map: internal fields, refer hook, editing with history, archive, freshness, phrases."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naast.accounts.roles import Role
from naast.socialmap.models import SearchPhrase, Service, ServiceChange

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return factories.service("Steunpunt Mantelzorg", description="Advies voor mantelzorgers", types=["informal_care_support"],
                             internal_notes="Vraag naar Anja", direct_line="0522 999 111", waiting_weeks=3)


def test_supporter_sees_internal_fields_and_waiting_time(login, f, org, service):
    client = login(f.user(Role.SUPPORTER, org=org))
    html = client.get(reverse("socialmap:staff_detail", args=[service.pk])).content.decode()
    assert "Vraag naar Anja" in html and "0522 999 111" in html and "3 weken" in html
    assert reverse("socialmap:staff_edit", args=[service.pk]) not in html  # supporters do not edit
    assert client.get(reverse("socialmap:staff_edit", args=[service.pk])).status_code == 403


def test_staff_search_shows_waiting_time(login, f, org, service):
    client = login(f.user(Role.DESK, org=org))
    html = client.get(reverse("socialmap:staff_search"), {"q": "mantelzorg"}).content.decode()
    assert "Steunpunt Mantelzorg" in html and "Wachttijd 3 weken" in html


def test_staff_search_speaks_about_the_resident_and_does_not_tell_staff_to_call_themselves(login, f, org, service,
                                                                                           client):
    """Staff search on a resident's behalf: the form asks where the resident lives, not "Waar woont
    u?", and when nothing is found the page does not tell staff to call their own service."""
    from naast.organisations.models import ServiceProfile

    profile = ServiceProfile.get()
    profile.phone = "0522 200 300"
    profile.save()
    staff = login(f.user(Role.SUPPORTER, org=org))
    page = staff.get(reverse("socialmap:staff_search"), {"q": "qqqq zzzz"}).content.decode()
    assert "Waar woont de inwoner?" in page and "Waar woont u?" not in page
    assert "Postcode van de inwoner" in page and "Waar zoekt de inwoner hulp bij?" in page
    assert "We hebben geen passende hulp gevonden" in page  # the empty result itself
    assert 'socialmap-button" href="tel:0522200300"' not in page
    public = client.get(reverse("socialmap:search"), {"q": "qqqq zzzz"}).content.decode()
    assert "Waar woont u?" in public and 'socialmap-button" href="tel:0522200300"' in public


def test_anonymous_visitors_go_to_login(client, service):
    response = client.get(reverse("socialmap:staff_detail", args=[service.pk]))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_refer_link_appears_only_when_case_work_provides_it(login, f, org, service, settings):
    # Case work (naast.casework) provides `casework:refer`, so the button is there and leads to it.
    client = login(f.user(Role.SUPPORTER, org=org))
    html = client.get(reverse("socialmap:staff_detail", args=[service.pk])).content.decode()
    assert f'href="{reverse("casework:refer")}?service={service.pk}"' in html


def test_coordinator_edits_a_service_with_history_and_confirmation(login, f, org, service):
    coordinator = f.user(Role.COORDINATOR, org=org)
    client = login(coordinator)
    url = reverse("socialmap:staff_edit", args=[service.pk])
    response = client.post(url, {"name": "Steunpunt Mantelzorg Westerveld", "status": "active",
                                 "description": "Advies en respijtzorg", "direct_line": "0522 999 111"}, follow=True)
    assert "is opgeslagen" in response.content.decode()
    service.refresh_from_db()
    assert service.name == "Steunpunt Mantelzorg Westerveld"
    change = ServiceChange.objects.filter(service=service, kind="updated").get()
    assert change.user == coordinator and "name" in change.changes and "description" in change.changes
    # The new words are searchable at once.
    from naast.socialmap.search import search_services

    assert search_services("respijtzorg").services[0].pk == service.pk


def test_edit_form_answers_invalid_input_in_dutch(login, f, org, service):
    client = login(f.user(Role.COORDINATOR, org=org))
    response = client.post(reverse("socialmap:staff_edit", args=[service.pk]),
                           {"name": "", "status": "active", "direct_line": "bel me", "minimum_age": "70", "maximum_age": "12"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht" in html and "geldig telefoonnummer" in html
    assert "maximumleeftijd" in html.lower()


def test_coordinator_sets_changes_and_removes_the_public_phone_number(login, f, org, service):
    staff = login(f.user(Role.COORDINATOR, org=org))
    url = reverse("socialmap:staff_edit", args=[service.pk])
    data = {"name": service.name, "status": "active", "description": service.description}
    staff.post(url, {**data, "phone": "0522 123 456"})
    public = Client().get(reverse("socialmap:detail", args=[service.pk])).content.decode()
    assert 'Bel <bdi dir="ltr">0522 123 456</bdi>' in public and 'href="tel:+31522123456"' in public
    assert 'value="0522 123 456"' in staff.get(url).content.decode()  # shown for the next edit
    response = staff.post(url, {**data, "name": "Andere naam", "phone": "bel me maar"})
    assert "geldig telefoonnummer" in response.content.decode()
    service.refresh_from_db()
    assert service.name == "Steunpunt Mantelzorg"  # nothing saved while one field is wrong
    staff.post(url, {**data, "phone": ""})
    assert not service.phones.exists()
    phone_changes = [c.changes["phone"] for c in ServiceChange.objects.filter(service=service) if "phone" in c.changes]
    assert phone_changes == [["0522 123 456", ""], ["", "0522 123 456"]]  # newest first


def test_create_a_service(login, f, org):
    client = login(f.user(Role.COORDINATOR, org=org))
    form = client.get(reverse("socialmap:staff_create")).content.decode()
    assert "Geen organisatie" in form and "---------" not in form
    response = client.post(reverse("socialmap:staff_create"), {"name": "Nieuw taalcafé", "status": "active"})
    created = Service.objects.get(name="Nieuw taalcafé")
    assert response.status_code == 302 and str(created.pk) in response["Location"]
    assert ServiceChange.objects.filter(service=created, kind="created").exists()


def test_archive_asks_first_then_hides_but_keeps_the_service(login, f, org, service, client):
    staff = login(f.user(Role.COORDINATOR, org=org))
    url = reverse("socialmap:staff_archive", args=[service.pk])
    assert "niet verwijderd" in staff.get(url).content.decode()
    assert Service.objects.get(pk=service.pk).archived_at is None  # GET changes nothing
    staff.post(url)
    service.refresh_from_db()
    assert service.archived_at is not None and Service.objects.filter(pk=service.pk).exists()
    staff.post(url)  # and back
    service.refresh_from_db()
    assert service.archived_at is None
    assert list(service.changes.values_list("kind", flat=True)) == ["restored", "archived"]


def test_freshness_to_do_list_and_verify(login, f, org):
    old = factories.service("Oud bericht", last_verified_on=timezone.localdate() - dt.timedelta(days=400))
    never = factories.service("Nooit gecontroleerd")
    fresh = factories.service("Vers", last_verified_on=timezone.localdate() - dt.timedelta(days=10))
    coordinator = f.user(Role.COORDINATOR, org=org)
    client = login(coordinator)
    html = client.get(reverse("socialmap:todo")).content.decode()
    assert old.name in html and never.name in html and fresh.name not in html
    response = client.post(reverse("socialmap:staff_verify", args=[old.pk]), {"next": reverse("socialmap:todo")})
    assert response["Location"] == reverse("socialmap:todo")
    old.refresh_from_db()
    assert old.last_verified_on == timezone.localdate() and old.verified_by == coordinator
    assert old.name not in client.get(reverse("socialmap:todo")).content.decode()


def test_supporters_cannot_reach_the_to_do_list_or_phrases(login, f, org):
    client = login(f.user(Role.SUPPORTER, org=org))
    assert client.get(reverse("socialmap:todo")).status_code == 403
    assert client.get(reverse("socialmap:phrases")).status_code == 403


def test_coordinator_manages_search_phrases(login, f, org):
    client = login(f.user(Role.COORDINATOR, org=org))
    response = client.post(reverse("socialmap:phrases"), {"phrase": "  Weduwe ", "expansion": "rouw ontmoeting"}, follow=True)
    assert "Zoekwoord" in response.content.decode() or "weduwe" in response.content.decode()
    phrase = SearchPhrase.objects.get(phrase="weduwe")
    client.post(reverse("socialmap:phrase_edit", args=[phrase.pk]), {"delete": "1"})
    assert not SearchPhrase.objects.filter(phrase="weduwe").exists()


def test_menu_shows_the_map_to_staff(login, f, org):
    client = login(f.user(Role.COORDINATOR, org=org))
    html = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("socialmap:staff_search") in html and reverse("socialmap:todo") in html


def test_admin_can_edit_opening_hours_but_never_delete_a_service(login, f, service):
    admin_user = f.user(Role.ADMIN, is_staff=True)
    client = login(admin_user)
    assert client.get(reverse("admin:socialmap_service_change", args=[service.pk])).status_code == 200
    assert client.get(reverse("admin:socialmap_service_delete", args=[service.pk])).status_code == 403


def _admin_post_data(response) -> dict:
    """The admin change form as the browser would send it back unchanged (fields and inlines)."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else field.prepare_value(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value not in (None, ""):
                    data[sub.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_an_edit_in_the_admin_appears_in_the_service_history(login, f, org, service):
    client = login(f.user(Role.ADMIN, org=org, is_staff=True))
    url = reverse("admin:socialmap_service_change", args=[service.pk])
    data = _admin_post_data(client.get(url))
    data["name"] = "Steunpunt Mantelzorg Zuid"
    data["phones-TOTAL_FORMS"] = "1"
    data.update({"phones-0-number": "0522 123 456", "phones-0-type": "voice"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    change = ServiceChange.objects.filter(service=service).first()
    assert change.kind == ServiceChange.Kind.UPDATED
    assert change.changes["name"] == ["Steunpunt Mantelzorg", "Steunpunt Mantelzorg Zuid"]
    assert "phone" in change.changes
    html = client.get(reverse("socialmap:staff_detail", args=[service.pk])).content.decode()
    history = html[html.index("<h2 class=\"utrecht-heading-2\">Wijzigingen"):]
    assert "<td>naam, telefoonnummer</td>" in history  # what changed, in Dutch


def test_a_website_typed_without_https_is_stored_with_it(login, f, org, service):
    staff = login(f.user(Role.COORDINATOR, org=org))
    staff.post(reverse("socialmap:staff_edit", args=[service.pk]),
               {"name": service.name, "status": "active", "url": "www.mantelzorgwesterveld.nl"})
    service.refresh_from_db()
    assert service.url == "https://www.mantelzorgwesterveld.nl"


def test_archived_services_are_found_with_the_archived_filter_and_put_back(login, f, org, service, client):
    coordinator = login(f.user(Role.COORDINATOR, org=org))
    factories.service("Budgetcoach Dwingeloo", description="Hulp met uw budget", free_of_charge=True)
    budget = Service.objects.get(name="Budgetcoach Dwingeloo")
    coordinator.post(reverse("socialmap:staff_archive", args=[budget.pk]))
    search = reverse("socialmap:staff_search")
    page = coordinator.get(search).content.decode()
    assert f'href="{search}?archived=on">Gearchiveerde voorzieningen</a>' in page
    assert ">Gearchiveerd</label>" in page  # the filter
    assert "Budgetcoach Dwingeloo" not in coordinator.get(search, {"q": "budgetcoach"}).content.decode()
    archived = coordinator.get(search, {"archived": "on"}).content.decode()
    assert "Budgetcoach Dwingeloo" in archived and "Steunpunt Mantelzorg" not in archived
    assert '<span class="naast-badge naast-badge--danger">Gearchiveerd</span>' in archived
    found = coordinator.get(search, {"q": "budgetcoach", "archived": "on"}).content.decode()
    assert "1 voorziening gevonden" in found and reverse("socialmap:staff_detail", args=[budget.pk]) in found
    detail = coordinator.get(reverse("socialmap:staff_detail", args=[budget.pk])).content.decode()
    assert "<dt>Status</dt><dd>Gearchiveerd</dd>" in detail and "Actief" not in detail
    assert "Terugzetten op de kaart" in detail
    # Residents never find it, not even by adding the staff filter to the address.
    public = client.get(reverse("socialmap:search"), {"q": "budgetcoach", "archived": "on"}).content.decode()
    assert "Budgetcoach Dwingeloo" not in public and "Gearchiveerd" not in public
    coordinator.post(reverse("socialmap:staff_archive", args=[budget.pk]))  # put back
    assert "Budgetcoach Dwingeloo" in coordinator.get(search, {"q": "budgetcoach"}).content.decode()
    assert "Budgetcoach Dwingeloo" not in coordinator.get(search, {"archived": "on"}).content.decode()
    assert "Budgetcoach Dwingeloo" in client.get(reverse("socialmap:search"), {"q": "budgetcoach"}).content.decode()


def test_waiting_time_and_costs_are_not_said_twice(login, f, org, client):
    s = factories.service("Budgetcoach Dwingeloo", description="Hulp met uw budget", free_of_charge=True,
                          fees_description="Gratis.", waiting_weeks=2, wait_time="2 weken")
    staff = login(f.user(Role.SUPPORTER, org=org))
    html = staff.get(reverse("socialmap:staff_detail", args=[s.pk])).content.decode()
    assert "<dt>Wachttijd</dt><dd>2 weken</dd>" in html and "(2 weken)" not in html
    public = client.get(reverse("socialmap:detail", args=[s.pk])).content.decode()
    assert "<dt>Wat kost het?</dt><dd>Gratis.</dd>" in public and "Gratis Gratis" not in public
    # What the text adds is still shown.
    Service.objects.filter(pk=s.pk).update(wait_time="ongeveer 2 weken, in de zomer langer", fees_description="Voor inwoners.")
    html = staff.get(reverse("socialmap:staff_detail", args=[s.pk])).content.decode()
    assert "<dd>2 weken (ongeveer 2 weken, in de zomer langer)</dd>" in html
    assert "<dt>Wat kost het?</dt><dd>Gratis Voor inwoners.</dd>" in client.get(
        reverse("socialmap:detail", args=[s.pk])).content.decode()
    Service.objects.filter(pk=s.pk).update(waiting_weeks=None, wait_time="", free_of_charge=False, fees_description="")
    html = staff.get(reverse("socialmap:staff_detail", args=[s.pk])).content.decode()
    assert "<dt>Wachttijd</dt><dd>onbekend</dd>" in html and "Wat kost het?" not in html  # no empty costs line


def test_ages_outside_0_to_120_and_a_phone_number_that_does_not_exist_are_refused(login, f, org, service, client):
    staff = login(f.user(Role.COORDINATOR, org=org))
    url = reverse("socialmap:staff_edit", args=[service.pk])
    data = {"name": service.name, "status": "active", "description": service.description}
    response = staff.post(url, {**data, "minimum_age": "200", "maximum_age": "130", "phone": "12345"})
    html = response.content.decode()
    for name in ("minimum_age", "maximum_age"):
        assert f'id="id_{name}_error">Vul een leeftijd in van 0 tot en met 120 jaar.</div>' in html
    assert "Vul een geldig telefoonnummer in, met netnummer, zoals 0522 123 456." in html
    service.refresh_from_db()
    assert service.minimum_age is None and not service.phones.exists()
    assert "Vul een leeftijd in van 0 tot en met 120 jaar." in staff.post(url, {**data, "minimum_age": "-1"}).content.decode()
    # A municipal 14 number and real ages are fine.
    response = staff.post(url, {**data, "minimum_age": "18", "maximum_age": "120", "phone": "14 0521"}, follow=True)
    assert "is opgeslagen" in response.content.decode()
    public = client.get(reverse("socialmap:detail", args=[service.pk])).content.decode()
    assert "18 tot en met 120 jaar" in public and 'Bel <bdi dir="ltr">14 0521</bdi>' in public


def test_edit_form_links_back_to_the_service(login, f, org, service):
    staff = login(f.user(Role.COORDINATOR, org=org))
    html = staff.get(reverse("socialmap:staff_edit", args=[service.pk])).content.decode()
    assert f'<a class="utrecht-link" href="{reverse("socialmap:staff_detail", args=[service.pk])}">Terug naar “Steunpunt Mantelzorg”</a>' in html
    html = staff.get(reverse("socialmap:staff_create")).content.decode()
    assert f'<a class="utrecht-link" href="{reverse("socialmap:staff_search")}">Terug naar de sociale kaart</a>' in html


def test_the_menu_marks_one_item_as_the_current_page(login, f, org, service):
    staff = login(f.user(Role.COORDINATOR, org=org))
    todo = staff.get(reverse("socialmap:todo")).content.decode()
    assert todo.count('aria-current="page"') == 1
    assert f'<a href="{reverse("socialmap:todo")}" aria-current="page">' in todo
    detail = staff.get(reverse("socialmap:staff_detail", args=[service.pk])).content.decode()
    assert detail.count('aria-current="page"') == 1
    assert f'<a href="{reverse("socialmap:staff_search")}" aria-current="page">' in detail
    # The old address of the to-check list still works.
    response = staff.get("/staff/kaart/controleren/?page=2")
    assert response.status_code == 301 and response["Location"] == reverse("socialmap:todo") + "?page=2"
