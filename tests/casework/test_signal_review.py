"""Signals are reviewed before they leave the case file: a supporter's words reach the funder only as a
coordinator of the request's organisation approved them, without details that identify someone."""

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from naast.accounts.roles import Role
from naast.casework import services
from naast.casework.choices import SignalStatus
from naast.casework.models import OtherHelper, Signal
from naast.intake.models import IntakeDetails
from naast.privacy.models import AuditEvent
from tests.reports.test_outputs_as_read import pdf_text

pytestmark = pytest.mark.django_db
REPORT = "/staff/rapportages/"
REVIEW = "/staff/dossier/signalen/"
QUERY = {"kind": "signals", "period": "2025", "municipality": "GM1701"}
ORIGINAL = "Ilse Jansen (Vledder, 06-98765432) kreeg een psychose en wacht al maanden op hulp."
SECRETS = ("Ilse", "Jansen", "06-98765432", "psychose")
REWRITTEN = "Inwoners in crisis wachten maanden op passende hulp in de wijk."


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def westerveld(f, org, muni, supporter, coordinator):
    """Six 2025 requests of one organisation; five signals already approved with clean texts; Ilse's case."""
    requests = [f.help_request(org=org, supporter=supporter, municipality=muni, status="in_progress",
                               client=f.client("Ilse J.", full_name="Ilse Jansen") if i == 0 else f.client(f"C{i}"),
                               received_at=at(f"2025-0{i + 1}-03 10:00")) for i in range(6)]
    for i, hr in enumerate(requests[1:]):
        signal = services.record_signal(hr, by=supporter, theme="waiting_list", text=f"Wachtlijst dagbesteding {i}.")
        services.approve_signal(signal, by=coordinator, text=f"Wachtlijst dagbesteding, signaal {i}.")
    Signal.objects.update(recorded_at=at("2025-06-10 10:00"))
    return {"ilse": requests[0], "requests": requests}


def downloads(client) -> dict[str, str]:
    texts = {"html": client.get(REPORT, QUERY).content.decode()}
    for fmt in ("json", "csv"):
        texts[fmt] = client.get(f"{REPORT}download/{fmt}/", QUERY).content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(f"{REPORT}download/xlsx/", QUERY).content))
    texts["xlsx"] = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value)
    texts["pdf"] = pdf_text(client.get(f"{REPORT}download/pdf/", QUERY).content)
    return texts


def record_ilses_signal(login, supporter, ilse):
    response = login(supporter).post(f"/staff/dossier/{ilse.reference}/signals/",
                                     {"theme": "no_service", "text": ORIGINAL, "shareable": "yes"})
    assert response.status_code == 302
    signal = Signal.objects.get(text=ORIGINAL)
    Signal.objects.filter(pk=signal.pk).update(recorded_at=at("2025-06-10 10:00"))
    return signal


def test_a_signal_marked_shareable_stays_out_of_every_funder_output_until_approved(f, login, westerveld, supporter,
                                                                                   coordinator, muni):
    signal = record_ilses_signal(login, supporter, westerveld["ilse"])
    assert signal.status == SignalStatus.PENDING and signal.approved_text == ""
    funder = login(f.user(Role.FUNDER, muni=muni))
    outputs = downloads(funder)
    for fmt, text in outputs.items():
        assert not any(secret in text for secret in SECRETS), fmt
        assert "Wachtlijst dagbesteding, signaal 4." in text, fmt  # the approved texts are listed
    section = json.loads(outputs["json"])["sections"][0]
    themes = {row["code"]: row["signals"] for row in section["tables"]["signals_by_theme"]["rows"]}
    # Ilse's signal is counted: a theme of its own, "<5"; 6 in all would give that 1 away, so the total is hidden.
    assert themes == {"waiting_list": "×", "no_service": "<5"} and section["figures"]["signals"]["value"] == "×"
    exact = login(coordinator).get(f"{REPORT}download/json/", QUERY).content
    assert json.loads(exact)["sections"][0]["figures"]["signals"]["value"] == 6  # every signal counts
    # An auditor sees no more, and a coordinator's exact report lists only approved texts as well.
    for reader in (f.user(Role.AUDITOR), f.user(Role.COORDINATOR, org=westerveld["ilse"].organisation)):
        page = login(reader).get(REPORT, QUERY).content.decode()
        assert "Wachtlijst dagbesteding, signaal 0." in page and "Ilse" not in page


def test_the_coordinator_finds_the_signal_flagged_and_cannot_approve_it_unchanged(login, westerveld, supporter,
                                                                                   coordinator):
    signal = record_ilses_signal(login, supporter, westerveld["ilse"])
    client = login(coordinator)
    overview = client.get("/staff/").content.decode()
    assert "1 signaal wacht op uw beoordeling" in overview and f'href="{REVIEW}"' in overview
    listing = client.get(REVIEW).content.decode()
    assert westerveld["ilse"].reference in listing and f"{REVIEW}{signal.pk}/" in listing
    assert ORIGINAL not in listing  # the list names the signal, not its words
    page = client.get(f"{REVIEW}{signal.pk}/").content.decode()
    flags = page[page.index('id="personal-data"'):]
    flags = flags[:flags.index("</div>")]
    assert "Naam uit het dossier: “Ilse Jansen”" in flags and "Telefoonnummer: “06-98765432”" in flags
    assert ORIGINAL not in flags
    response = client.post(f"{REVIEW}{signal.pk}/", {"action": "approve", "approved_text": ORIGINAL})
    page = response.content.decode()
    assert response.status_code == 200 and "Herschrijf" in page
    assert "Naam uit het dossier: “Ilse Jansen”" in page and "Telefoonnummer: “06-98765432”" in page
    signal.refresh_from_db()
    assert signal.status == SignalStatus.PENDING and signal.approved_text == ""
    # Half rewritten: the first name alone is still the resident's.
    client.post(f"{REVIEW}{signal.pk}/", {"action": "approve", "approved_text": "Ilse wacht maanden op hulp."})
    signal.refresh_from_db()
    assert signal.status == SignalStatus.PENDING


def test_an_approved_rewrite_is_what_the_funder_reads_and_the_case_file_keeps_the_original(
        f, login, westerveld, supporter, coordinator, muni):
    signal = record_ilses_signal(login, supporter, westerveld["ilse"])
    response = login(coordinator).post(f"{REVIEW}{signal.pk}/", {"action": "approve", "approved_text": REWRITTEN},
                                       follow=True)
    assert "Het signaal is goedgekeurd" in response.content.decode()
    assert ORIGINAL not in response.content.decode()  # the confirmation does not repeat the text
    signal.refresh_from_db()
    assert signal.status == SignalStatus.APPROVED and signal.approved_text == REWRITTEN
    assert signal.text == ORIGINAL and signal.reviewed_by == coordinator and signal.reviewed_at
    for fmt, text in downloads(login(f.user(Role.FUNDER, muni=muni))).items():
        assert REWRITTEN in text and not any(secret in text for secret in SECRETS), fmt
    case_file = login(supporter).get(f"/staff/dossier/{westerveld['ilse'].reference}/signals/").content.decode()
    assert "Ilse Jansen (Vledder, 06-98765432)" in case_file and REWRITTEN in case_file


def test_kept_internal_it_counts_but_is_never_shown(f, login, westerveld, supporter, coordinator, muni):
    signal = record_ilses_signal(login, supporter, westerveld["ilse"])
    login(coordinator).post(f"{REVIEW}{signal.pk}/", {"action": "internal", "approved_text": ""})
    signal.refresh_from_db()
    assert signal.status == SignalStatus.INTERNAL and signal.reviewed_by == coordinator
    data = json.loads(login(f.user(Role.FUNDER, muni=muni)).get(f"{REPORT}download/json/", QUERY).content)
    assert "Ilse" not in json.dumps(data)
    exact = json.loads(login(coordinator).get(f"{REPORT}download/json/", QUERY).content)["sections"][0]
    assert exact["figures"]["signals"]["value"] == 6 and len(exact["tables"]["signals_shareable"]["rows"]) == 5


def test_names_of_the_asker_and_other_helpers_are_flagged(westerveld, supporter, coordinator):
    hr = westerveld["ilse"]
    IntakeDetails.objects.create(help_request=hr, on_behalf=True, asker_name="Pieter Post")
    OtherHelper.objects.create(help_request=hr, name="Els Wit", role="wijkverpleegkundige")
    signal = services.record_signal(hr, by=supporter, theme="cooperation", text="Samenwerking loopt stroef.")
    for text in ("Zoon Pieter moest alles regelen.", "Wijkverpleegkundige Els Wit kreeg geen antwoord.",
                 "Mevrouw Jansen wacht."):
        with pytest.raises(services.PersonalDataFound):
            services.approve_signal(signal, by=coordinator, text=text)
    services.approve_signal(signal, by=coordinator, text="De wijkverpleging kreeg geen antwoord van de gemeente.")


def test_an_internal_only_signal_cannot_be_approved(westerveld, supporter, coordinator):
    signal = services.record_signal(westerveld["ilse"], by=supporter, theme="rules", text="Intern.", shareable=False)
    assert signal.status == SignalStatus.INTERNAL
    with pytest.raises(ValidationError):
        services.approve_signal(signal, by=coordinator, text="Regels zijn onduidelijk.")


def test_only_a_coordinator_of_the_requests_organisation_reviews_and_every_look_is_audited(
        f, login, westerveld, supporter, coordinator, other_org, muni):
    signal = record_ilses_signal(login, supporter, westerveld["ilse"])
    detail = f"{REVIEW}{signal.pk}/"
    for outsider in (supporter, f.user(Role.COORDINATOR, org=other_org), f.user(Role.FUNDER, muni=muni),
                     f.user(Role.AUDITOR), f.user(Role.DESK, org=westerveld["ilse"].organisation)):
        client = login(outsider)
        assert client.get(detail).status_code == 403, outsider.roles
        assert client.post(detail, {"action": "approve", "approved_text": REWRITTEN}).status_code == 403
    other_coordinator = login(f.user(Role.COORDINATOR, org=other_org))
    assert westerveld["ilse"].reference not in other_coordinator.get(REVIEW).content.decode()
    assert not AuditEvent.objects.filter(object_type="casework.signal").exists()
    client = login(coordinator)
    client.get(REVIEW)
    client.get(detail)
    client.post(detail, {"action": "approve", "approved_text": REWRITTEN})
    rows = AuditEvent.objects.filter(object_type="casework.signal", object_id=str(signal.pk), user=coordinator)
    assert sorted(rows.values_list("action", flat=True)) == ["change", "read", "read"]
    assert set(rows.values_list("object_label", flat=True)) == {westerveld["ilse"].reference}
    assert not any("Ilse" in (row.reason + row.object_label) for row in rows)
