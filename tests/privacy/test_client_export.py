"""The resident's right of access: everything Naast holds about one client, in JSON and as a PDF,
and nothing of anyone else; never a secret (docs/domain.md §2, AVG art. 15)."""

import io
import json

import pytest
from django.apps import apps
from django.db import models

from naast.core.extensions import resident_export_models, resident_export_sections
from naast.privacy import client_export
from naast.registry.models import Client, HelpRequest

from .export_world import full_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(f, org, muni, settings, tmp_path):
    from naast.accounts.roles import Role

    settings.MEDIA_ROOT = tmp_path  # the case file's documents go to a throw-away folder
    supporter = f.user(Role.SUPPORTER, org=org, first_name="Sanne", last_name="Supporter")
    coordinator = f.user(Role.COORDINATOR, org=org, first_name="Cees", last_name="Coordinator")
    alfa = full_case(f, "ALFA", org=org, muni=muni, supporter=supporter, coordinator=coordinator)
    bravo = full_case(f, "BRAVO", org=org, muni=muni, supporter=supporter, coordinator=coordinator)
    return alfa, bravo


def _sections(data) -> dict:
    return {section["key"]: section for section in data["sections"]}


def test_the_export_holds_the_clients_data_from_every_app_and_nothing_of_another(two):
    alfa, bravo = two
    data = client_export.export_client(alfa["client"])
    text = json.dumps(data, ensure_ascii=False)
    assert "BRAVO" not in text and bravo["hr"].reference not in text
    sections = _sections(data)
    expected = {
        "client": "ALFA Volledige Naam", "help_requests": "ALFA vraag over de brief", "supporters": "ALFA wissel",
        "corrections": "ALFA typfout", "intake": "ALFA dochter", "follow_up_messages": "'s ochtends thuis",
        "inbound_email": "ALFA-brief.pdf", "outgoing_email": "ALFA ontvangen", "urgency_changes": "ALFA deurwaarder",
        "another_supporter_requests": "ALFA klikt niet", "supporter_exclusions": "Cees Coordinator",
        "reminders": "Te laat", "case_file": "ALFA verborgen", "contacts": "ALFA verslag",
        "assessments": "Financiën: 2", "guideline_exceedances": "ALFA complex", "appointments": "ALFA wijkcentrum",
        "support_actions": "ALFA bezwaar", "referrals": "Schuldhulp ALFA", "signals": "ALFA wachtlijst",
        "documents": "ALFA besluit", "other_helpers": "ALFA wijkverpleging", "closings": "ALFA afgerond",
        "reopenings": "ALFA nieuwe brief", "audit_log": "alfa-reader",
        "follow_up_reminders": "ALFA terugbellen", "merges": "ALFA zelfde telefoon",
    }
    for key, needle in expected.items():
        assert key in sections, f"no section {key}"
        assert needle in json.dumps(sections[key]["rows"], ensure_ascii=False), f"{key} lacks {needle!r}"
    # The keys of the document, the client's number and references, Dutch titles and labels.
    assert data["format"] == "naast-client-export" and data["version"] == 1 and data["language"] == "nl"
    assert data["client_number"] == alfa["client"].pk and data["help_requests"] == [alfa["hr"].reference]
    assert sections["contacts"]["title"] == "Contacten"
    assert {"key": "note", "label": "Opmerking"} in sections["contacts"]["fields"]
    # Dates as ISO 8601 with the offset; every row has every field of its section.
    received = sections["help_requests"]["rows"][0]["received_at"]
    assert received.startswith(str(alfa["hr"].received_at.year)) and received[-6] in "+-"
    for section in data["sections"]:
        keys = [field["key"] for field in section["fields"]]
        assert all(list(row) == keys for row in section["rows"]), section["key"]


def test_the_export_holds_no_secret(two):
    alfa, _bravo = two
    hr = alfa["hr"]
    text = client_export.export_json(alfa["client"]).decode()
    secrets = [alfa["follow_up_token"], hr.intake.follow_up_token_hash, "survey-hash", "SECRETALFA", "secret-path",
               hr.client.external_key_hash or "no-key-hash"]
    for secret in secrets:
        assert secret not in text
    for user in {a.supporter for a in hr.assignments.all()}:
        assert user.password not in text
    # The follow-up link is told about, not given.
    assert _sections(json.loads(text))["intake"]["rows"][0]["follow_up_link"] is True


def test_an_empty_client_exports_empty_sections(f):
    client = f.client("Leeg")
    data = client_export.export_client(client)
    sections = _sections(data)
    assert sections["client"]["rows"][0]["display_name"] == "Leeg"
    assert sections["contacts"]["rows"] == [] and data["help_requests"] == []
    assert client_export.export_pdf(client).startswith(b"%PDF")


def test_the_zip_holds_the_pdf_the_json_and_the_clients_files_only(two, tmp_path):
    import zipfile

    from django.core.files.storage import default_storage

    alfa, bravo = two
    inbound = alfa["hr"].inbound_messages.get()
    stored = default_storage.save("intake/test/ALFA-brief.pdf", io.BytesIO(b"%PDF-1.4 ALFA attachment"))
    inbound.attachments = [{**inbound.attachments[0], "path": stored},
                           {"name": "gone.pdf", "content_type": "application/pdf", "size": 3, "path": "intake/gone.pdf"}]
    inbound.save()
    archive = zipfile.ZipFile(io.BytesIO(client_export.export_zip(alfa["client"])))
    names = archive.namelist()
    client_number = alfa["client"].pk
    assert any(n.startswith(f"inzage-client-{client_number}-") and n.endswith(".pdf") for n in names)
    data = json.loads(next(archive.read(n) for n in names if n.endswith(".json")))
    assert data["client_number"] == client_number
    document = _sections(data)["documents"]["rows"][0]
    assert document["file"] in names and archive.read(document["file"]) == b"%PDF-1.4 test"
    attachment = next(n for n in names if n.startswith(f"bijlagen/{alfa['hr'].reference}/"))
    assert archive.read(attachment) == b"%PDF-1.4 ALFA attachment"
    # A file gone from storage is named, not silently left out; nothing of the other resident.
    assert "gone.pdf" in archive.read("ontbrekende-bestanden.txt").decode()
    assert not any(bravo["hr"].reference in n for n in names)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_a_readable_dutch_document(two):
    alfa, _bravo = two
    content = client_export.export_pdf(alfa["client"])
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for needle in ["Uw gegevens bij", "ALFA Volledige Naam", "Wat is dit?", "Uw rechten", "Contacten",
                   "Zelfredzaamheidsmetingen", "Wie uw gegevens heeft bekeken", "artikel 15", alfa["hr"].reference,
                   "ALFA verslag", f"Pagina 1 van {len(reader.pages)}", "Cliëntondersteuning · Uw gegevens ·"]:
        assert needle in flat, needle
    assert "BRAVO" not in flat
    assert reader.metadata.title.startswith("Uw gegevens bij")


def test_long_texts_and_odd_characters_wrap_without_a_crash(f):
    long_question = "Lange vraag " + "over de brief van de gemeente en de toeslagen " * 300 + "EINDE"
    hr = f.help_request(client=f.client("Zoë <b>&amp; Łukasz 😀"), question=long_question)
    content = client_export.export_pdf(hr.client)
    text = " ".join(_pdf_text(content).split())
    assert "Zoë <b>&amp;" in text and "EINDE" in text


def _linked_models() -> set:
    """Every model with a foreign key (or one-to-one) to a client or a help request, and every model
    linked to one of those in turn."""
    linked = {Client, HelpRequest}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in linked or not model.__module__.startswith("naast."):
                continue
            if any(isinstance(field, models.ForeignKey) and field.related_model in linked
                   for field in model._meta.get_fields()):
                linked.add(model)
                grew = True
    return linked


def test_every_model_linked_to_a_client_is_in_the_export():
    covered, left_out = resident_export_models()
    missing = sorted(m._meta.label for m in _linked_models() if m not in covered and m not in left_out)
    assert missing == [], "add these models to an app's resident_export.py (COVERS, or LEFT_OUT with the reason)"
    assert {"casework.Contact", "intake.IntakeDetails", "registry.Correction"} <= {m._meta.label for m in covered}


def test_every_section_has_a_dutch_title_and_labels(f):
    client = f.client("Anna")
    from django.utils import translation

    with translation.override("nl"):
        sections = resident_export_sections(client)
        keys = [section.key for section in sections]
        assert len(keys) == len(set(keys))
        for section in sections:
            for text in [section.title, *(label for _key, label in section.fields)]:
                with translation.override("en"):
                    english = str(text)
                assert str(text) != english or english in ("E-mail", "Status", "Postcode", "Was", "Via"), f"{section.key}: {english} untranslated"
