"""The desk screen: every staffed channel on one screen, returning residents linked (never
duplicated silently), and a quick log in seconds."""

import pytest

from naast.accounts.roles import Role
from naast.privacy.models import AuditEvent
from naast.registry.models import Client, HelpRequest
from naast.taxonomies.models import LifeDomain

pytestmark = pytest.mark.django_db
URL = "/staff/intake/"


@pytest.fixture
def desk_user(f, org):
    return f.user(Role.DESK, org=org)


def data(**overrides):
    base = {"channel": "phone", "referrer": "gp", "urgency": "regular", "question": "Vraag over schulden",
            "preferred_language": "nl", "name": "Bram", "phone": "0612345678"}
    base.update(overrides)
    return base


@pytest.mark.parametrize("channel", ["phone", "email", "desk", "consultation_hour", "outreach", "partner"])
def test_every_staffed_channel_registers_with_referrer(channel, desk_user, login):
    client = login(desk_user)
    response = client.post(URL, data(channel=channel), follow=True)
    hr = HelpRequest.objects.get()
    assert hr.channel == channel and hr.referrer == "gp" and hr.created_by == desk_user
    assert hr.first_contact_due is not None
    # The confirmation links to the new request, so the desk can open it at once.
    assert (f'Hulpvraag <a class="utrecht-link" href="/staff/requests/{hr.reference}/">{hr.reference}</a> is aangemeld'
            in response.content.decode())


def test_returning_resident_is_found_and_linked(f, desk_user, login):
    known = f.client("Karin V.", phone="06-12 34 56 78", email="karin@example.org")
    old = f.help_request(client=known)
    client = login(desk_user)
    for query in ["karin", "0612345678", "KARIN@example.org", old.reference.lower()]:
        page = client.get(URL, {"q": query}).content.decode()
        assert "Karin V." in page, query
    assert AuditEvent.objects.filter(client_id=known.pk, reason="client look-up").exists()
    clients_before = Client.objects.count()
    client.post(URL, data(existing_client=known.pk, name="", phone=""))
    assert Client.objects.count() == clients_before
    assert known.help_requests.count() == 2


def test_likely_duplicate_warns_and_needs_confirmation(f, desk_user, login):
    f.client("Bram", phone="0612345678")
    client = login(desk_user)
    response = client.post(URL, data())
    page = response.content.decode()
    assert "Deze inwoner is misschien al bekend" in page
    assert HelpRequest.objects.count() == 0
    client.post(URL, data(confirm_new_client="on"))
    assert HelpRequest.objects.count() == 1 and Client.objects.count() == 2


def test_the_desk_links_a_likely_duplicate_without_losing_the_typed_request(f, org, login):
    known = f.client("Bram", phone="0612345678")
    client = login(f.user(Role.DESK, org=org))
    typed = {"channel": "desk", "referrer": "gp", "urgency": "urgent", "question": "Brief van de gemeente over Wmo",
             "preferred_language": "nl", "name": "Bram", "phone": "06-12345678"}
    page = client.post(URL, typed).content.decode()
    assert f'name="use_client" value="{known.pk}"' in page and 'form="desk-request"' in page
    client.post(URL, {**typed, "use_client": known.pk})
    hr = HelpRequest.objects.get()
    assert hr.client == known and hr.question == "Brief van de gemeente over Wmo" and hr.urgency == "urgent"
    assert hr.channel == "desk" and Client.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"question": ""}, "Dit veld is verplicht"),
        ({"channel": "web"}, "Selecteer een geldige keuze"),
        ({"referrer": "boss"}, "Selecteer een geldige keuze"),
        ({"postcode": "12"}, "Vul een postcode in"),
        ({"email": "nope"}, "geldig e-mailadres"),
        ({"on_behalf": "on", "asker_name": ""}, "Vul in wie namens de inwoner vraagt"),
        ({"life_domains": ["999"]}, "geldige keuze"),
    ],
)
def test_malformed_desk_input_writes_nothing(desk_user, login, overrides, message):
    response = login(desk_user).post(URL, data(**overrides))
    assert response.status_code == 200 and message in response.content.decode()
    assert not HelpRequest.objects.exists() and not Client.objects.exists()


def test_quick_log_in_seconds(desk_user, login):
    domain = LifeDomain.objects.get(code="work_and_income")
    response = login(desk_user).post(
        "/staff/intake/quick-log/", {"channel": "desk", "life_domain": domain.pk, "minutes": 5}, follow=True
    )
    hr = HelpRequest.objects.get()
    assert hr.is_quick_log and hr.minutes_spent == 5 and hr.status == "closed" and hr.client is None
    assert list(hr.life_domains.all()) == [domain]
    assert "Korte vraag vastgelegd (5 minuten)" in response.content.decode()


def test_quick_log_rejects_nonsense(desk_user, login):
    response = login(desk_user).post("/staff/intake/quick-log/", {"channel": "desk", "life_domain": "", "minutes": "-3"})
    assert response.status_code == 400 and not HelpRequest.objects.exists()
    assert "Dit veld is verplicht" in response.content.decode()


def test_after_a_quick_log_error_the_desk_forms_still_go_to_the_desk(f, org, login):
    client = login(f.user(Role.DESK, org=org))
    page = client.post("/staff/intake/quick-log/", {"channel": "phone"}).content.decode()
    assert 'action="/staff/intake/" role="search"' in page
    assert 'action="/staff/intake/" id="desk-request"' in page


def test_funder_cannot_use_the_desk(f, muni, login):
    funder = f.user(Role.FUNDER, muni=muni)
    client = login(funder)
    assert client.get(URL).status_code == 403
    assert client.post("/staff/intake/quick-log/", {}).status_code == 403


def test_supporter_lookup_is_limited_to_their_own_clients(f, org, login):
    supporter = f.user(Role.SUPPORTER, org=org)
    f.client("Geheim Persoon")
    page = login(supporter).get(URL, {"q": "Geheim"}).content.decode()
    assert "Geheim Persoon" not in page


@pytest.mark.parametrize("role", [Role.FUNDER, Role.AUDITOR, Role.ADMIN, Role.PRIVACY_OFFICER])
def test_aggregate_roles_find_no_resident_through_the_desk(role, f, org, muni, login):
    """The desk's look-up shows residents: aggregate roles are refused, each attempt audited."""
    known = f.client("Anna de Vries")
    outsider = f.user(role, muni=muni if role == Role.FUNDER else None, is_superuser=(role == Role.ADMIN))
    client = login(outsider)
    for params in ({"q": "Anna"}, {"client": known.pk}):
        response = client.get(URL, params)
        assert response.status_code == 403 and "Anna" not in response.content.decode()
    assert client.post(URL, data(existing_client=known.pk)).status_code == 403
    assert HelpRequest.objects.count() == 0
    assert {event.action for event in AuditEvent.objects.all()} == {"refused"} and AuditEvent.objects.count() == 3


def test_empty_choices_say_what_they_mean(desk_user, login):
    page = login(desk_user).get("/staff/intake/").content.decode()
    assert "---------" not in page
    assert "Onbekend" in page and "Kies een levensgebied" in page


def test_a_name_typed_with_a_typo_or_without_its_accent_still_finds_the_resident(f, desk_user, login):
    bakker = f.client("Anna B.", full_name="Anna Bakker")
    yilmaz = f.client("Ayşe Y.", full_name="Ayşe Yılmaz")
    f.help_request(client=bakker)
    f.help_request(client=yilmaz)
    client = login(desk_user)
    page = client.get(URL, {"q": "Bakkre"}).content.decode()
    assert "Anna Bakker" in page and "Bedoelt u een van deze inwoners?" in page
    assert "Ayşe Yılmaz" in client.get(URL, {"q": "ayse yilmaz"}).content.decode()
    exact = client.get(URL, {"q": "Bakker"}).content.decode()
    assert "Anna Bakker" in exact and "Bedoelt u" not in exact  # an exact match is not a guess
    nobody = client.get(URL, {"q": "Pietersen"}).content.decode()
    assert "Anna Bakker" not in nobody and "Niemand gevonden" in nobody
    # Numbers and addresses must match exactly: no guessing at whose phone it might be.
    assert "Anna Bakker" not in client.get(URL, {"q": "0612345679"}).content.decode()
    assert AuditEvent.objects.filter(client_id=bakker.pk, reason="client look-up").exists()


@pytest.mark.parametrize("query", ["Emile", "emile", "EMILE", "Emiel", "emile heijden", "Oosterhius", "Baptiste Oosterhuis"])
def test_a_name_that_starts_with_an_accented_letter_is_found_without_the_accent(query, f, desk_user, login):
    emile = f.client("Émile H.", full_name="Émile-Jean-Baptiste van der Heijden-Oosterhuis")
    f.help_request(client=emile)
    page = login(desk_user).get(URL, {"q": query}).content.decode()
    assert "Émile-Jean-Baptiste van der Heijden-Oosterhuis" in page, query
    assert AuditEvent.objects.filter(client_id=emile.pk, reason="client look-up").exists()


@pytest.mark.parametrize(("name", "query"), [
    ("Şükrü Öztürk", "Sukru Ozturk"), ("Łukasz Żak", "Lukasz Zak"), ("Ørjan Ødegård", "Orjan"),
    ("Çiğdem Ünal", "cigdem unal"), ("İsmail Işık", "Ismail Isik"), ("Ana-María Núñez", "Nunez"),
])
def test_other_accented_first_letters_are_found_too(name, query, f, desk_user, login):
    f.help_request(client=f.client(name[:3] + ".", full_name=name))
    assert name in login(desk_user).get(URL, {"q": query}).content.decode(), query


def test_the_accent_forgiving_pre_filter_still_narrows_by_first_letter(f, desk_user):
    from naast.intake import selectors

    emile = f.client("Émile H.", full_name="Émile Heijden")
    f.help_request(client=emile)
    f.help_request(client=f.client("Fenna H.", full_name="Fenna Heijden"))
    assert selectors.similar_clients(desk_user, "Emiel") == [emile]
    assert selectors.similar_clients(desk_user, "Xmile") == []  # another first letter: not a candidate


def test_a_long_query_of_many_words_does_not_break_the_look_up(f, desk_user, login):
    f.help_request(client=f.client("Émile H.", full_name="Émile Heijden"))
    query = " ".join(f"{letter}{letter}xyz" for letter in "eaiouyszcnl")
    response = login(desk_user).get(URL, {"q": query})
    assert response.status_code == 200 and "Niemand gevonden" in response.content.decode()


@pytest.mark.parametrize("query", ["HV-PYHM-QCD4", "hv-pyhm-qcd4", "hv pyhm qcd4", "HVPYHMQCD4", "hvpyhmqcd4",
                                   " HV PYHM-QCD4 ", "HV.PYHM.QCD4"])
def test_a_reference_typed_with_spaces_or_without_hyphens_finds_the_resident(query, f, desk_user, login):
    known = f.client("Karin V.", full_name="Karin Visser")
    f.help_request(client=known, reference="HV-PYHM-QCD4")
    f.help_request(client=f.client("Bert", full_name="Bert Bos"), reference="HV-PYHM-QCD5")
    page = login(desk_user).get(URL, {"q": query}).content.decode()
    assert "Karin Visser" in page and "Bert Bos" not in page, query


@pytest.mark.parametrize("query", ["HV PYHM", "HVPYHMQCD45", "XV-PYHM-QCD4"])
def test_half_a_reference_finds_nobody(query, f, desk_user, login):
    f.help_request(client=f.client("Karin V.", full_name="Karin Visser"), reference="HV-PYHM-QCD4")
    assert "Karin Visser" not in login(desk_user).get(URL, {"q": query}).content.decode()
