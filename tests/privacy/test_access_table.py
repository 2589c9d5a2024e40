"""The access table (`naast.conf.access`) holds for every URL: each page is opened as thirteen kinds
of user, with real objects, and answers what the table says. A URL missing from the table fails; a
view marked as showing client data must be in the table as client data (and the other way round);
client data is never cached and every read of it leaves an audit row."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from naast.accounts.roles import Role
from naast.casework import services as casework
from naast.conf.access import ACCESS, access_for
from naast.intake import services as intake
from naast.privacy.models import AuditEvent
from naast.registry.models import Assignment
from naast.socialmap.models import SearchConcept, SearchPhrase, ServiceAtLocation

pytestmark = pytest.mark.django_db

# The thirteen kinds of user, and what each may do with the sample request (organisation A,
# municipality Westerveld, assigned to "supporter").
WHO = ("anonymous", "desk", "supporter", "supporter_unassigned", "supporter_other_org", "coordinator",
       "coordinator_other_org", "funder", "funder_other_municipality", "auditor", "privacy_officer", "admin",
       "indicatiesteller")
ROLES = {"indicatiesteller": Role.FUNDER, "desk": Role.DESK, "supporter": Role.SUPPORTER, "supporter_unassigned": Role.SUPPORTER,
         "supporter_other_org": Role.SUPPORTER, "coordinator": Role.COORDINATOR,
         "coordinator_other_org": Role.COORDINATOR, "funder": Role.FUNDER, "funder_other_municipality": Role.FUNDER,
         "auditor": Role.AUDITOR, "privacy_officer": Role.PRIVACY_OFFICER, "admin": Role.ADMIN}
# Who may open one help request's pages, by what the page needs (docs/domain.md §2).
EXPECTED = {
    "view": {"desk", "supporter", "coordinator"},
    "case_file": {"supporter", "coordinator"},
    "correct": {"supporter", "coordinator"},
    "review_signal": {"coordinator"},
    "resident": {"desk", "supporter", "coordinator"},
}


def _give_the_service_a_logo():
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from naast.organisations.models import ServiceProfile

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (31, 78, 121)).save(buffer, "PNG")
    ServiceProfile.get().logo.save("logo.png", ContentFile(buffer.getvalue()))  # organisations:logo answers 200


@pytest.fixture
def world(f, org, other_org, muni, settings, tmp_path):
    other_muni = f.municipality("GM0114", "Emmen")
    settings.MEDIA_ROOT = tmp_path
    _give_the_service_a_logo()
    users = {}
    for who in WHO[1:]:
        if who == "indicatiesteller":
            # A municipal Wmo consultant: may read the municipality's reports, never client data.
            users[who] = f.user(Role.FUNDER, muni=muni, is_indicatiesteller=True, username=who)
            continue
        employer = other_org if who.endswith("other_org") else (None if who.startswith(("funder", "auditor", "privacy", "admin")) else org)
        municipality = other_muni if who == "funder_other_municipality" else (muni if who == "funder" else None)
        users[who] = f.user(ROLES[who], org=employer, muni=municipality, username=who)
    received = timezone.now() - timedelta(days=3)
    registration = intake.register_request(channel="web", question="Ik begrijp de brief niet.", municipality=muni,
                                           organisation=org, received_at=received, follow_up_link=True,
                                           resident=intake.ResidentDetails(display_name="Anna B.", phone="0612345678"))
    hr = registration.help_request
    Assignment.objects.create(help_request=hr, supporter=users["supporter"])
    contact = casework.log_contact(hr, by=users["supporter"], kind="phone", minutes=20,
                                   occurred_at=received + timedelta(hours=2))
    feed = casework.new_calendar_feed(users["supporter"])
    signal = casework.record_signal(hr, by=users["supporter"], theme="waiting_list",
                                    text="Wachtlijst van twaalf weken voor schuldhulp.")
    closed = f.help_request(org=org, municipality=muni, status="closed", closed_at=timezone.now(), outcome="answered",
                            client=f.client("Bert C.", email="bert@example.org"))
    code = casework.close_request(f.help_request(org=org, municipality=muni, status="in_progress",
                                                 client=f.client("Cor D.", email="cor@example.org")),
                                  by=users["coordinator"], outcome="answered", summary="Klaar.").survey_code
    service = _service(f)
    sal = ServiceAtLocation.objects.filter(service=service).first()
    _obj, partner_key = intake.create_partner_key("Huisartsenpraktijk Diever", referrer="gp")
    samples = {
        "reference": hr.reference, "contact": contact.pk, "contact_kind": "contact", "service": service.pk,
        "organization": service.organization_id, "service_at_location": sal.pk if sal else None,
        "phrase": SearchPhrase.objects.get_or_create(phrase="geldzorgen", defaults={"expansion": "schuldhulp"})[0].pk,
        "concept": SearchConcept.objects.get_or_create(key="geldzorgen-test", defaults={
            "phrases_nl": "geldzorgen", "expansion": "schuldhulpverlening"})[0].pk,
        "map_check": _map_check(service),
        "report_format": "csv", "signal": signal.pk,
        "client_number": hr.client_id, "follow_up": registration.follow_up_token, "survey": code, "calendar": feed,
    }
    return {"users": users, "hr": hr, "closed": closed, "samples": samples, "partner_key": partner_key}


def _service(f):
    """A social-map service with a location (for the service-at-location API)."""
    from naast.socialmap.models import Location
    from tests.socialmap import factories as map_factories

    service = map_factories.service("Schuldhulp Westerveld")
    location = Location.objects.create(organization=service.organization, name="Wijkcentrum", location_type="physical")
    ServiceAtLocation.objects.create(service=service, location=location)
    return service


def _patterns():
    """(url name, pattern) of every URL Naast serves."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, ":".join(filter(None, [namespace, pattern.namespace])))
            elif isinstance(pattern, URLPattern):
                found.append((":".join(filter(None, [namespace, pattern.name or ""])), pattern))

    walk(get_resolver().url_patterns, "")
    return found


def _map_check(service) -> str:
    """A provider's personal link to check its services on the map (the token in the URL)."""
    from naast.core.hashing import secret_digest
    from naast.socialmap.models import ProviderCheck

    token = "map-check-token-for-the-access-table-test"
    ProviderCheck.objects.get_or_create(
        token_digest=secret_digest(token),
        defaults={"organization": service.organization, "email": "info@example.org",
                  "expires_at": timezone.now() + timedelta(days=30)})
    return token


TOKEN_URLS = {"intake:follow_up": "follow_up", "casework:survey": "survey", "casework:ical": "calendar",
              "socialmap:provider_check": "map_check"}


def _admin_kwargs(name: str, names: list[str]) -> dict | None:
    """Arguments for a page of the Django admin: the app, and the first object of the model the
    URL name is about (admin:<app>_<model>_<view>); None when there is none to open."""
    from django.apps import apps

    kwargs = {}
    view = name.split(":", 1)[1]
    for arg in names:
        if arg == "app_label":
            kwargs[arg] = "organisations"
        elif arg == "object_id":
            model = next((m for m in apps.get_models() if view.startswith(f"{m._meta.app_label}_{m._meta.model_name}_")),
                         None)
            first = model.objects.order_by("pk").first() if model else None
            if first is None:
                return None
            kwargs[arg] = str(first.pk)
        else:
            return None
    return kwargs


def _url(name, pattern, world, access) -> str | None:
    names = list(pattern.pattern.regex.groupindex)
    if name.startswith("admin:"):
        kwargs = _admin_kwargs(name, names)
        return None if kwargs is None else reverse(name, kwargs=kwargs)
    kwargs = {}
    for arg in names:
        sample = access.kwargs.get(arg, "reference" if arg == "reference" else arg)
        if name in TOKEN_URLS and arg == "token":
            sample = TOKEN_URLS[name]
        value = world["samples"].get(sample)
        if value is None:
            return None
        kwargs[arg] = value
    url = reverse(name, kwargs=kwargs)
    if access.query:
        from urllib.parse import urlencode

        url += "?" + urlencode(access.query)
    return url


def test_every_url_is_in_the_access_table():
    missing = sorted({name for name, _pattern in _patterns() if access_for(name) is None})
    assert missing == [], "add these URLs to naast.conf.access.ACCESS"
    stale = sorted(set(ACCESS) - {name for name, _pattern in _patterns()})
    assert stale == [], "these lines of the access table name no URL"


def test_the_client_data_marks_agree_with_the_table():
    for name, pattern in _patterns():
        access = access_for(name)
        marked = getattr(pattern.callback, "client_data", False)
        assert marked == access.kind.startswith("client_"), f"{name}: marked {marked}, table says {access.kind}"


def _expected(access, who: str) -> set[int]:
    anonymous = who == "anonymous"
    granted = {200}
    if access.post_only:  # a GET shows nothing to anyone: refused as a method, or as a user
        return {302, 403, 405}
    if access.kind == "public":
        return {200}
    if access.kind in ("redirect",):
        return {301, 302}
    if access.kind == "nothing":
        return {404}
    if access.kind == "token":
        return {200}
    if access.kind == "api_key":
        return {401, 405}
    if access.kind == "login":
        return {200} if anonymous else {302}
    if access.kind == "admin_login":
        return {302} if who == "admin" else {200}
    if access.kind == "admin":
        return {200, 403} if who == "admin" else {302}
    if anonymous:
        return {302}
    if access.kind == "staff":
        return granted
    role = ROLES.get(who)
    if access.kind == "roles":
        return granted if role in access.roles else {403}
    if access.kind == "client_list":
        return granted if role in access.roles and who != "indicatiesteller" else {403}
    if access.kind == "client_object":
        return granted if who in EXPECTED[access.need] else {403}
    raise AssertionError(f"unknown kind {access.kind}")


@pytest.mark.parametrize("who", WHO)
def test_each_kind_of_user_gets_what_the_table_says(who, world, client):
    if who != "anonymous":
        client.force_login(world["users"][who])
    wrong = []
    for name, pattern in _patterns():
        access = access_for(name)
        url = _url(name, pattern, world, access)
        if url is None:
            continue
        response = client.get(url)
        if response.status_code not in _expected(access, who):
            wrong.append(f"{name} {url}: {response.status_code}, expected {sorted(_expected(access, who))}")
        if access.kind.startswith("client_") and response.status_code == 200:
            assert "no-store" in response.get("Cache-Control", ""), f"{name} may be cached"
    assert wrong == [], "\n" + "\n".join(wrong)


def test_a_token_url_with_a_wrong_secret_shows_nothing(client, world):
    for name in TOKEN_URLS:
        url = reverse(name, kwargs={"token": "WRONG-SECRET-1234567890"})
        assert client.get(url).status_code in (404, 410), name


def test_the_partner_api_refuses_without_a_key_and_accepts_with_one(client, world, muni):
    import json

    body = json.dumps({"question": "Verwijzing.", "municipality": muni.code})
    assert client.post("/api/partner/referrals", body, content_type="application/json").status_code == 401
    response = client.post("/api/partner/referrals", body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {world['partner_key']}")
    assert response.status_code == 201


@pytest.mark.parametrize("who", ["desk", "supporter", "coordinator"])
def test_every_read_of_one_request_leaves_an_audit_row(who, world, client):
    user = world["users"][who]
    client.force_login(user)
    for name, pattern in _patterns():
        access = access_for(name)
        if access.kind != "client_object" or who not in EXPECTED[access.need]:
            continue
        before = AuditEvent.objects.count()
        assert client.get(_url(name, pattern, world, access)).status_code == 200, name
        rows = AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - before]
        assert any(r.username == who and r.action == "read" and r.object_label == world["hr"].reference
                   for r in rows), f"{name} showed the request without an audit row"


def test_pages_that_only_take_a_post_refuse_the_wrong_role_on_post(world, client):
    client.force_login(world["users"]["funder"])
    assert client.post(reverse("intake:quick_log"), {}).status_code == 403
    client.force_login(world["users"]["supporter"])
    service = world["samples"]["service"]
    assert client.post(reverse("socialmap:staff_verify", kwargs={"pk": service}), {}).status_code == 403
