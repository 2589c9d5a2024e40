"""Staff pages for what the service form does not hold: opening hours, closures, the visiting
address and the service area. Each save writes history, reindexes, and writes all or nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from naast.accounts.roles import Role
from naast.socialmap import services as map_services
from naast.socialmap.models import Address, Location, Schedule, ServiceArea, ServiceAtLocation, ServiceChange
from naast.socialmap.search import SearchFilters, search_services
from naast.socialmap.search.filters import open_now_q

from . import factories

pytestmark = pytest.mark.django_db

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@pytest.fixture
def service():
    return factories.service("Inloopspreekuur Diever", description="Vragen over geld en post")


@pytest.fixture
def coordinator(f, org):
    return f.user(Role.COORDINATOR, org=org)


def hours_post(rows, *, initial=0, prefix="hours"):
    """POST data for the opening-hours formset: rows of (id, days, opens, closes, delete)."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, (pk, days, opens, closes, delete) in enumerate(rows):
        data.update({f"{prefix}-{i}-id": str(pk or ""), f"{prefix}-{i}-days": days,
                     f"{prefix}-{i}-opens_at": opens, f"{prefix}-{i}-closes_at": closes})
        if delete:
            data[f"{prefix}-{i}-DELETE"] = "on"
    return data


def closures_post(rows, *, initial=0):
    data = {"closures-TOTAL_FORMS": str(len(rows)), "closures-INITIAL_FORMS": str(initial),
            "closures-MIN_NUM_FORMS": "0", "closures-MAX_NUM_FORMS": "1000"}
    for i, (pk, start, end, note, delete) in enumerate(rows):
        data.update({f"closures-{i}-id": str(pk or ""), f"closures-{i}-valid_from": start,
                     f"closures-{i}-valid_to": end, f"closures-{i}-note": note})
        if delete:
            data[f"closures-{i}-DELETE"] = "on"
    return data


# ------------------------------------------------------------------ opening hours

def test_coordinator_saves_two_periods_a_day_and_sees_them_on_staff_and_public_page(login, coordinator, service, client):
    staff = login(coordinator)
    url = reverse("socialmap:staff_hours", args=[service.pk])
    form_html = staff.get(url).content.decode()
    assert 'type="time"' in form_html and "Maandag" in form_html and "<script" not in form_html.split("</head>")[1]
    response = staff.post(url, hours_post([
        (None, ["MO", "WE"], "09:00", "12:00", False),
        (None, ["MO"], "13:00", "17:00", False),
        (None, [], "", "", False),  # an empty extra row is skipped
    ]), follow=True)
    html = response.content.decode()
    assert "De openingstijden van “Inloopspreekuur Diever” zijn opgeslagen" in html
    assert "09:00–12:00, 13:00–17:00" in html  # Monday, on the staff page
    rows = Schedule.objects.filter(service=service).order_by("opens_at")
    assert [(r.freq, r.byday, r.opens_at, r.closes_at) for r in rows] == [
        ("WEEKLY", "MO,WE", dt.time(9), dt.time(12)), ("WEEKLY", "MO", dt.time(13), dt.time(17))]
    public = client.get(reverse("socialmap:detail", args=[service.pk])).content.decode()
    assert "Maandag" in public and "Woensdag" in public and "13:00–17:00" in public and "Dinsdag" not in public
    change = ServiceChange.objects.get(service=service, kind="updated")
    assert change.user == coordinator and change.changes["opening_hours"] == [
        [], ["MO 13:00-17:00", "MO,WE 09:00-12:00"]]


def test_editing_and_removing_periods_keeps_the_rows_ids(login, coordinator, service):
    morning = Schedule.objects.create(service=service, freq="WEEKLY", byday="TU", opens_at=dt.time(9), closes_at=dt.time(12))
    evening = Schedule.objects.create(service=service, freq="WEEKLY", byday="TU", opens_at=dt.time(18), closes_at=dt.time(20))
    staff = login(coordinator)
    url = reverse("socialmap:staff_hours", args=[service.pk])
    assert f'value="{morning.pk}"' in staff.get(url).content.decode()
    staff.post(url, hours_post([(morning.pk, ["TU", "TH"], "08:30", "12:00", False),
                                (evening.pk, ["TU"], "18:00", "20:00", True)], initial=2))
    assert list(Schedule.objects.filter(service=service).values_list("pk", "byday", "opens_at")) == [
        (morning.pk, "TU,TH", dt.time(8, 30))]


def test_overlapping_or_backwards_periods_are_refused_in_dutch_and_save_nothing(login, coordinator, service):
    staff = login(coordinator)
    url = reverse("socialmap:staff_hours", args=[service.pk])
    response = staff.post(url, hours_post([(None, ["MO", "TU"], "09:00", "12:00", False),
                                           (None, ["TU"], "11:00", "13:00", False)]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Op dinsdag overlappen 09:00–12:00 en 11:00–13:00." in html
    response = staff.post(url, hours_post([(None, ["WE"], "17:00", "09:00", False),
                                           (None, [], "09:00", "12:00", False),
                                           (None, ["TH"], "", "12:00", False)]))
    html = response.content.decode()
    assert "De sluitingstijd moet na de openingstijd liggen." in html and "Kies minstens één dag." in html
    assert "Dit veld is verplicht." in html and 'href="#id_hours-1-days"' in html  # the summary links to the row
    assert not Schedule.objects.filter(service=service).exists()
    assert not ServiceChange.objects.filter(service=service).exists()


def test_the_service_layer_refuses_overlaps_too_and_writes_nothing(service, f):
    kept = Schedule.objects.create(service=service, freq="WEEKLY", byday="FR", opens_at=dt.time(9), closes_at=dt.time(12))
    periods = [map_services.OpeningPeriod(("FR",), dt.time(10), dt.time(11)),
               map_services.OpeningPeriod(("FR",), dt.time(9), dt.time(17))]
    with pytest.raises(Exception, match="overlap"):
        map_services.save_opening_hours(service, periods, user=f.user(Role.COORDINATOR))
    assert list(Schedule.objects.filter(service=service)) == [kept]


def test_saved_hours_drive_the_open_now_filter(login, coordinator, service):
    now = timezone.localtime()
    start, end = now - dt.timedelta(minutes=30), now + dt.timedelta(minutes=30)
    if end.date() != start.date():
        pytest.skip("test window crosses midnight")
    staff = login(coordinator)
    staff.post(reverse("socialmap:staff_hours", args=[service.pk]), hours_post(
        [(None, [DAYS[now.weekday()]], start.strftime("%H:%M"), end.strftime("%H:%M"), False)]))
    assert [s.name for s in search_services("", SearchFilters(open_now=True)).services] == [service.name]


# ------------------------------------------------------------------ closures

def test_a_closure_in_force_shows_on_the_public_page_and_makes_the_service_not_open_now(login, coordinator, service, client):
    today = timezone.localdate()
    Schedule.objects.create(service=service, freq="WEEKLY", byday=",".join(DAYS), opens_at=dt.time(0, 0),
                            closes_at=dt.time(23, 59, 59))
    now = timezone.localtime()
    if now.time() >= dt.time(23, 59):
        pytest.skip("too close to midnight")
    from naast.socialmap.models import Service

    assert Service.objects.filter(open_now_q(), pk=service.pk).exists()
    staff = login(coordinator)
    url = reverse("socialmap:staff_closures", args=[service.pk])
    response = staff.post(url, closures_post([
        (None, today.isoformat(), (today + dt.timedelta(days=10)).isoformat(), "Gesloten in de kerstvakantie", False),
        (None, "", "", "", False),
    ]), follow=True)
    assert "De sluitingen van “Inloopspreekuur Diever” zijn opgeslagen" in response.content.decode()
    assert "Gesloten in de kerstvakantie" in response.content.decode()  # the staff page shows it
    assert not Service.objects.filter(open_now_q(), pk=service.pk).exists()
    assert service.name not in [s.name for s in search_services("", SearchFilters(open_now=True)).services]
    public = client.get(reverse("socialmap:detail", args=[service.pk])).content.decode()
    assert "Gesloten in de kerstvakantie" in public
    change = ServiceChange.objects.get(service=service, kind="updated")
    assert list(change.changes) == ["closures"]


def test_closures_are_validated_ended_ones_stay_and_removing_one_reopens(login, coordinator, service):
    today = timezone.localdate()
    ended = Schedule.objects.create(service=service, closed=True, valid_from=today - dt.timedelta(days=30),
                                    valid_to=today - dt.timedelta(days=20), description="Zomer")
    current = Schedule.objects.create(service=service, closed=True, valid_from=today, valid_to=today + dt.timedelta(days=1),
                                      description="Verbouwing")
    staff = login(coordinator)
    url = reverse("socialmap:staff_closures", args=[service.pk])
    html = staff.get(url).content.decode()
    assert "Verbouwing" in html and "Zomer" not in html
    response = staff.post(url, closures_post([
        (current.pk, today.isoformat(), (today + dt.timedelta(days=1)).isoformat(), "Verbouwing", False),
        (None, "2026-12-24", "2026-12-20", "Kerst", False),
        (None, "", "", "Alleen een tekst", False),
    ], initial=1))
    html = response.content.decode()
    assert "De laatste dag moet op of na de eerste dag liggen." in html and "Dit veld is verplicht." in html
    assert set(Schedule.objects.filter(service=service, closed=True)) == {ended, current}
    staff.post(url, closures_post([(current.pk, today.isoformat(), today.isoformat(), "Verbouwing", True)], initial=1))
    assert list(Schedule.objects.filter(service=service, closed=True)) == [ended]


# ------------------------------------------------------------------ location

def location_post(**fields):
    data = {"kind": "physical", "name": "Gemeentehuis Diever", "street": "Hoofdstraat", "house_number": "12a",
            "postal_code": "7991 ab", "city": "Diever", "state_province": "Drenthe", "latitude": "52,8531",
            "longitude": "6.3153", "accessibility": "Ingang zonder drempel, lift aanwezig", "transportation": "", "url": ""}
    data.update(fields)
    return data


def test_coordinator_sets_the_visiting_address_with_coordinates_and_accessibility(login, coordinator, service, client):
    staff = login(coordinator)
    url = reverse("socialmap:staff_location", args=[service.pk])
    response = staff.post(url, location_post(), follow=True)
    assert "De locatie van “Inloopspreekuur Diever” is opgeslagen" in response.content.decode()
    sal = ServiceAtLocation.objects.select_related("location").get(service=service)
    address = sal.location.addresses.get()
    assert (address.address_1, address.postal_code, address.city, address.state_province) == (
        "Hoofdstraat 12a", "7991 AB", "Diever", "Drenthe")
    assert (sal.location.latitude, sal.location.longitude) == (52.8531, 6.3153)
    public = client.get(reverse("socialmap:detail", args=[service.pk])).content.decode()
    assert "Hoofdstraat 12a" in public and "Ingang zonder drempel" in public and "52.8531" in public
    # The form shows what was saved, street and number apart.
    html = staff.get(url).content.decode()
    assert 'value="Hoofdstraat"' in html and 'value="12a"' in html
    change = ServiceChange.objects.get(service=service, kind="updated")
    assert {"address", "coordinates", "accessibility"} <= set(change.changes)


def test_location_form_refuses_a_bad_postcode_and_half_coordinates(login, coordinator, service):
    staff = login(coordinator)
    response = staff.post(reverse("socialmap:staff_location", args=[service.pk]),
                          location_post(postal_code="799", longitude="", city=""))
    html = response.content.decode()
    assert "Vul een postcode in zoals 1234 AB." in html and "Vul de plaats in: de dienst is op een adres." in html
    assert "zowel breedtegraad als lengtegraad" in html
    assert not Location.objects.exists() and not ServiceChange.objects.exists()


def test_an_empty_address_says_why_it_is_needed_and_is_not_called_optional(login, coordinator, service):
    staff = login(coordinator)
    url = reverse("socialmap:staff_location", args=[service.pk])
    form = staff.get(url).content.decode()
    for label in ("Straat", "Huisnummer", "Postcode", "Plaats", "Provincie"):
        assert f">{label}</label>" in form  # not "Straat (niet verplicht)"
    assert "Nodig voor een bezoekadres." in form
    assert 'for="id_name">Naam van de locatie <span class="naast-muted">(niet verplicht)</span>' in form
    response = staff.post(url, location_post(street="", house_number="", postal_code="", city="", state_province=""))
    html = response.content.decode()
    for message in ("Vul de straat in: de dienst is op een adres.", "Vul het huisnummer in: de dienst is op een adres.",
                    "Vul de postcode in: de dienst is op een adres.", "Vul de plaats in: de dienst is op een adres.",
                    "Kies de provincie: de dienst is op een adres."):
        assert message in html
    assert "Dit veld is verplicht" not in html and ">Straat</label>" in html
    assert not Location.objects.exists()
    # Online only: the address fields are not needed.
    staff.post(url, {"kind": "virtual", "name": "", "url": "https://example.nl/chat"})
    assert Location.objects.get().location_type == "virtual"


def test_saved_coordinates_are_shown_as_the_help_text_writes_them(login, coordinator, service):
    staff = login(coordinator)
    url = reverse("socialmap:staff_location", args=[service.pk])
    staff.post(url, location_post(latitude="52.8302", longitude="6,3153"))
    html = staff.get(url).content.decode()
    assert "bijvoorbeeld 52,8531" in html
    assert 'value="52,8302"' in html and 'value="6,3153"' in html
    staff.post(url, location_post(latitude="52,8302", longitude="6,3153"))  # saved again unchanged
    location = Location.objects.get()
    assert (location.latitude, location.longitude) == (52.8302, 6.3153)


def test_switching_to_online_only_removes_the_address_for_every_service_there(login, coordinator, service, f):
    other = factories.service("Formulierenhulp Diever")
    loc = Location.objects.create(name="Bibliotheek")
    Address.objects.create(location=loc, address_1="Brink 1", city="Diever", state_province="Drenthe", postal_code="7981 AA")
    ServiceAtLocation.objects.create(service=service, location=loc)
    ServiceAtLocation.objects.create(service=other, location=loc)
    staff = login(coordinator)
    url = reverse("socialmap:staff_location", args=[service.pk])
    assert "Formulierenhulp Diever" in staff.get(url).content.decode()  # warns that the location is shared
    staff.post(url, {"kind": "virtual", "name": "", "url": "https://example.nl/chat"})
    loc.refresh_from_db()
    assert loc.location_type == "virtual" and not loc.addresses.exists() and loc.latitude is None
    assert ServiceChange.objects.filter(service=other, kind="updated").exists()


# ------------------------------------------------------------------ service areas

def test_service_area_decides_which_services_the_place_filter_finds(login, coordinator, service, f):
    westerveld = f.municipality()
    meppel = f.municipality("GM0119", "Meppel")
    diever = f.district("Diever", westerveld)
    everywhere = factories.service("Landelijke hulplijn")
    staff = login(coordinator)
    url = reverse("socialmap:staff_areas", args=[service.pk])

    def found(**filters):
        return {s.name for s in search_services("", SearchFilters(**filters)).services}

    assert service.name in found(municipality=meppel.code)  # no area yet: everywhere
    response = staff.post(url, {"municipalities": [westerveld.pk]}, follow=True)
    assert "Het werkgebied van “Inloopspreekuur Diever” is opgeslagen" in response.content.decode()
    assert service.name in found(municipality=westerveld.code) and service.name not in found(municipality=meppel.code)
    assert everywhere.name in found(municipality=meppel.code)
    staff.post(url, {"districts": [diever.pk]})
    assert list(ServiceArea.objects.filter(service=service).values_list("district", flat=True)) == [diever.pk]
    assert service.name in found(district=diever.pk) and service.name not in found(municipality=meppel.code)
    staff.post(url, {})  # nothing chosen: everywhere again
    assert not ServiceArea.objects.filter(service=service).exists()
    assert service.name in found(municipality=meppel.code)
    kinds = list(ServiceChange.objects.filter(service=service).values_list("changes", flat=True))
    assert len(kinds) == 3 and all(list(c) == ["service_areas"] for c in kinds)
    detail = staff.get(reverse("socialmap:staff_detail", args=[service.pk])).content.decode()
    assert "Overal (geen gebied gekozen)" in detail and "<td>werkgebied</td>" in detail  # history, in Dutch


def test_areas_described_in_words_are_kept_unless_unticked(login, coordinator, service, f):
    imported = ServiceArea.objects.create(service=service, name="Zuidwest-Drenthe")
    staff = login(coordinator)
    url = reverse("socialmap:staff_areas", args=[service.pk])
    assert "Zuidwest-Drenthe" in staff.get(url).content.decode()
    staff.post(url, {"municipalities": [f.municipality().pk], "keep": [str(imported.pk)]})
    assert ServiceArea.objects.filter(service=service).count() == 2
    staff.post(url, {"municipalities": [f.municipality().pk]})
    assert not ServiceArea.objects.filter(pk=imported.pk).exists()


# ------------------------------------------------------------------ who may

@pytest.mark.parametrize("name", ["staff_hours", "staff_closures", "staff_location", "staff_areas"])
def test_only_map_editors_reach_the_pages(login, f, org, service, name):
    url = reverse(f"socialmap:{name}", args=[service.pk])
    supporter = login(f.user(Role.SUPPORTER, org=org))
    assert supporter.get(url).status_code == 403
    assert supporter.post(url, {}).status_code == 403
    detail = supporter.get(reverse("socialmap:staff_detail", args=[service.pk])).content.decode()
    assert url not in detail
    coordinator = login(f.user(Role.COORDINATOR, org=org))
    assert coordinator.get(url).status_code == 200
    assert url in coordinator.get(reverse("socialmap:staff_detail", args=[service.pk])).content.decode()
