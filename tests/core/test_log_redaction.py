"""No secrets or personal data in the logs: every tokenised URL (follow-up link, calendar feed,
survey code) is requested as residents and calendar apps do, valid and invalid, found and not
found, and a search for a resident's name is refused, fails or finds nothing; everything logged,
through the real logging configuration (its handler in both formats, and pytest's caplog), holds
no token, no code and no name."""

import copy
import io
import logging
import logging.config
import threading
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.utils import timezone

from naast.accounts.roles import Role
from naast.casework import services as casework
from naast.core.redaction import RedactingFilter, redact_path, secret_routes
from naast.intake import selectors as intake_selectors
from naast.intake import services as intake

pytestmark = pytest.mark.django_db

NAME = "Kwakernaak"
EMAIL = "w.kwakernaak@example.nl"
PHONE = "06 41234567"


@pytest.fixture(params=["text", "json"])
def log_output(request, settings, caplog):
    """Everything the configured console handler writes, in the production (json) and the
    development (text) format, plus pytest's capture of every record at INFO and above."""
    caplog.set_level(logging.INFO)
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactingFilter) for f in h.filters))
    configurator = logging.config.DictConfigurator(copy.deepcopy(settings.LOGGING))
    formatter = configurator.configure_formatter(copy.deepcopy(settings.LOGGING["formatters"][request.param]))
    buffer, old_formatter = io.StringIO(), handler.formatter
    old_stream = handler.setStream(buffer)
    handler.setFormatter(formatter)

    def everything() -> str:
        records = "\n".join(repr(vars(record)) for record in caplog.records)
        return buffer.getvalue() + "\n" + caplog.text + "\n" + records

    yield everything
    handler.setStream(old_stream)
    handler.setFormatter(old_formatter)


@pytest.fixture
def secrets(f, org, muni):
    """A valid secret for every tokenised URL, by the URL's name."""
    registration = intake.register_request(
        channel="web", question="Hulp bij schulden", follow_up_link=True,
        resident=intake.ResidentDetails(display_name=NAME, email=EMAIL, phone=PHONE),
    )
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org, supporter=supporter, municipality=muni, status="assigned")
    # A provider's link to check its services on the map (naast.socialmap.verification).
    from naast.core.hashing import secret_digest
    from naast.socialmap.models import Organization, ProviderCheck

    provider_token = "PrvChk" + "k7Q2" * 8
    ProviderCheck.objects.create(organization=Organization.objects.create(name="Buurthuis De Link", email="info@delink.example"),
                                 email="info@delink.example", token_digest=secret_digest(provider_token),
                                 created_at=timezone.now(), expires_at=timezone.now() + timedelta(days=60))
    return {
        "socialmap:provider_check": provider_token,
        "intake:follow_up": registration.follow_up_token,
        "casework:ical": casework.new_calendar_feed(supporter),
        "casework:survey": casework.close_request(hr, by=supporter, outcome="answered", summary="Klaar.").survey_code,
    }


def _urls(secret: str) -> dict[str, list[str]]:
    """Each tokenised URL as it is meant, and cut off or mistyped."""
    return {
        "intake:follow_up": [f"/hulp-vragen/volg/{secret}/", f"/hulp-vragen/volg/{secret}",
                             f"/hulp-vragen/volg/{secret}/?bron=mail"],
        "casework:ical": [f"/ical/{secret}.ics", f"/ical/{secret}", f"/ical/{secret}.ics?refresh=1"],
        "casework:survey": [f"/enquete/{secret}/", f"/enquete/{secret}", f"/enquete/{secret.lower()}/"],
        "socialmap:provider_check": [f"/kaart/controleren/{secret}/", f"/kaart/controleren/{secret}",
                                     f"/kaart/controleren/{secret}/?bron=mail"],
    }


def _assert_clean(output: str, forbidden: list[str]) -> None:
    lowered = output.lower()
    for value in forbidden:
        assert value.lower() not in lowered, f"{value!r} is in the log:\n{output}"


def test_every_tokenised_url_is_known_to_this_test(secrets):
    # A new URL with a secret (a keyword argument named token, code or key) must be added above.
    assert {route.name for route in secret_routes()} == set(secrets)


def test_tokens_and_codes_never_reach_the_log(client, secrets, log_output):
    invalid = {name: f"Onbekend{name.split(':')[1].replace('_', '')}X7Q9" for name in secrets}
    client.raise_request_exception = False
    statuses = set()
    for name, secret in [*secrets.items(), *invalid.items()]:
        for url in _urls(secret)[name]:
            statuses.add(client.get(url).status_code)
    # The resident writes to the team through the link; a post without the form's CSRF token fails.
    follow_up = f"/hulp-vragen/volg/{secrets['intake:follow_up']}/"
    statuses.add(client.post(follow_up, {"action": "message", "msg-text": "Wanneer belt u?"}).status_code)
    from django.test import Client

    statuses.add(Client(enforce_csrf_checks=True).post(follow_up, {"action": "message"}).status_code)
    # A request for an unknown host name (django.security) at a tokenised address.
    statuses.add(client.get(follow_up, HTTP_HOST="elders.example").status_code)
    # The survey answered once, then opened again: 410.
    survey = f"/enquete/{secrets['casework:survey']}/"
    client.post(survey, {"mark": "8", "felt_understood": "4", "felt_seen": "4", "fitted_own_question": "4"})
    statuses.add(client.get(survey).status_code)
    assert {200, 301, 302, 400, 403, 404, 410} <= statuses

    output = log_output()
    assert "Not Found" in output and "Forbidden" in output and "Gone" in output and "[redacted]" in output
    assert "/hulp-vragen/volg/[redacted]/" in output and "/ical/[redacted].ics" in output
    _assert_clean(output, [*secrets.values(), *invalid.values()])


def test_a_search_for_a_name_that_fails_leaves_no_name_in_the_log(client, f, org, muni, log_output, monkeypatch):
    query = {"q": NAME}
    # Refused: a funder may not search residents.
    client.force_login(f.user(Role.FUNDER, muni=muni))
    assert client.get("/staff/intake/", query).status_code == 403
    assert client.get("/staff/requests/", query).status_code == 403
    # Found nothing: a service that does not exist, asked with the name in the query.
    client.logout()
    assert client.get("/kaart/00000000-0000-4000-8000-000000000000/", query).status_code == 404
    # Failed: the look-up breaks, with the resident's e-mail address and phone number in the error
    # (as a database's "duplicate key" detail would carry them).
    client.force_login(f.user(Role.DESK, org=org))

    def broken(*args, **kwargs):
        raise RuntimeError(f"look-up failed: Key (email)=({EMAIL}) phone {PHONE}")

    monkeypatch.setattr(intake_selectors, "find_clients", broken)
    client.raise_request_exception = False
    assert client.get("/staff/intake/", query).status_code == 500

    output = log_output()
    assert "Internal Server Error" in output and "look-up failed" in output and "Traceback" in output
    assert "/staff/intake/?q" in output and "[e-mail]" in output and "[phone]" in output
    _assert_clean(output, [NAME, EMAIL, PHONE, PHONE.replace(" ", "")])


def test_naast_loggers_write_no_e_mail_address_or_phone_number(log_output):
    logger = logging.getLogger("naast.intake.mail")
    logger.warning("message from %s (%s) not handled", EMAIL, PHONE, extra={"sender": f"W. Kwakernaak <{EMAIL}>"})
    try:
        raise ValueError(f"cannot parse {EMAIL}")
    except ValueError:
        logger.exception("could not handle message", extra={"uid": "17"})
    output = log_output()
    assert "message from [e-mail] ([phone]) not handled" in output and "cannot parse [e-mail]" in output
    _assert_clean(output, [EMAIL, PHONE])


@pytest.mark.django_db(transaction=True)
def test_the_development_server_log_is_redacted_too(secrets, log_output):
    """`naast runserver` logs each request line on django.server (its own server, in a thread)."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for name, secret in secrets.items():
            for url in _urls(f"Onbekend{secret}")[name]:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{url}", timeout=10)
                except urllib.error.HTTPError as error:
                    assert error.code in (301, 404)
    finally:
        server.shutdown()
        server.server_close()
    output = log_output()
    assert '"GET /ical/[redacted].ics HTTP/1.1" 404' in output
    _assert_clean(output, [f"Onbekend{secret}" for secret in secrets.values()])


@pytest.mark.parametrize(("path", "logged"), [
    ("/hulp-vragen/volg/abc-DEF_123/", "/hulp-vragen/volg/[redacted]/"),
    ("/hulp-vragen/volg/abc-DEF_123/nog-iets/", "/hulp-vragen/volg/[redacted]"),
    ("/ical/abc.ics", "/ical/[redacted].ics"),
    ("/enquete/", "/enquete/"),
    ("/kaart/?q=Kwakernaak&page=2&Kwakernaak&q=x", "/kaart/?q&page&[redacted]"),
    ("/staff/requests/HV-7K3M-9P2Q/", "/staff/requests/HV-7K3M-9P2Q/"),
    ("/ical/[redacted].ics", "/ical/[redacted].ics"),
])
def test_redact_path(path, logged):
    assert redact_path(path) == logged
