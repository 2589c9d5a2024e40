"""The data inventory (docs/security.md §2): every text, char, e-mail, file and JSON field of every
Naast model is classified in its app's `retention.PERSONAL_FIELDS`, and the document lists them as
the declarations say (`naast data-inventory`)."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from naast.core.extensions import NotPersonal, Personal, personal_fields
from naast.privacy.inventory import markdown, stale, text_fields, unclassified

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_every_text_field_of_every_model_is_classified():
    assert len(text_fields()) > 200
    assert unclassified() == [], "classify these fields in their app's retention.PERSONAL_FIELDS"
    assert stale() == [], "these classified fields no longer exist"
    for fields in personal_fields().values():
        for name, kind in fields.items():
            assert isinstance(kind, Personal | NotPersonal), name
            if isinstance(kind, Personal):
                assert kind.purpose and kind.who and kind.anonymised, name


def test_a_new_unclassified_field_fails(monkeypatch):
    from naast.privacy import inventory

    real = inventory.text_fields()
    monkeypatch.setattr(inventory, "text_fields", lambda: [*real, ("casework", "Contact.mood")])
    assert inventory.unclassified() == ["casework.Contact.mood"]


def test_the_document_lists_the_declared_inventory():
    text = DOC.read_text(encoding="utf-8")
    section = text.split("<!-- inventory:start -->\n", 1)[1].split("<!-- inventory:end -->", 1)[0]
    assert section == markdown(), "run `naast data-inventory` and paste its output into docs/security.md"
    for label, name in [("registry", "Client.display_name"), ("casework", "Contact.note"), ("intake", "InboundMessage.attachments")]:
        assert f"`{label}.{name}`" in section


def test_the_command_prints_the_table():
    out = StringIO()
    call_command("data-inventory", stdout=out)
    assert out.getvalue() == markdown() and out.getvalue().startswith("| field | purpose |")
