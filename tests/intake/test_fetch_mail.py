"""`naast fetch-mail` against a real Dovecot (IMAP) and a real SMTP server on 127.0.0.1."""

from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.management import call_command

from naast.intake.models import FollowUpMessage, InboundMessage
from naast.registry.models import Client, HelpRequest

pytestmark = pytest.mark.django_db(transaction=False)


def make_message(subject="Hulp bij brief van de gemeente", body="Ik snap de brief niet.", sender="Anna Jansen <anna@example.org>",
                 message_id="<m1@example.org>", attachments=(), **headers):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "team@naast.test"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    for key, value in headers.items():
        msg[key.replace("_", "-")] = value
    msg.set_content(body)
    for name, ctype, data in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


@pytest.fixture
def config(dovecot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NAAST_INTAKE = {**settings.NAAST_INTAKE, **dovecot.settings(), "ATTACHMENT_MAX_BYTES": 1000}
    return settings.NAAST_INTAKE


def test_new_message_becomes_a_request_and_is_acknowledged(dovecot, smtp_server, config, fetch):
    dovecot.append(make_message())
    result = fetch()
    assert len(result.created) == 1
    hr = HelpRequest.objects.get()
    assert hr.channel == "email" and hr.client.email == "anna@example.org" and hr.client.display_name == "Anna Jansen"
    assert "Ik snap de brief niet." in hr.question and hr.intake.contact_way == "email"
    assert dovecot.count("INBOX") == 0 and dovecot.count("Verwerkt") == 1
    [ack] = smtp_server.messages
    assert ack["To"] == "anna@example.org" and hr.reference in ack["Subject"]
    assert hr.reference in ack.get_content()


def test_with_the_mail_server_down_the_message_is_registered_and_its_acknowledgement_kept(
    dovecot, mail_server, config, fetch
):
    from naast.core.models import OutgoingMail

    dovecot.append(make_message())
    assert len(fetch().created) == 1
    hr = HelpRequest.objects.get()
    assert dovecot.count("INBOX") == 0 and dovecot.count("Verwerkt") == 1  # handled, not left for a retry
    kept = OutgoingMail.objects.get()  # refused by the mail server, kept for `naast send-mail`
    assert kept.to == "anna@example.org" and kept.reference == hr.reference and kept.attempts == 1


def test_reply_with_reference_is_attached_not_duplicated(dovecot, smtp_server, config, fetch):
    dovecot.append(make_message())
    fetch()
    hr = HelpRequest.objects.get()
    dovecot.append(make_message(subject=f"Re: [{hr.reference}] We hebben uw e-mail ontvangen", body="Nog een vraag.",
                                message_id="<m2@example.org>"))
    dovecot.append(make_message(subject="Re: zonder kenmerk", body="Antwoord op de draad.", message_id="<m3@example.org>",
                                In_Reply_To="<m1@example.org>"))
    result = fetch()
    assert result.attached == [hr.reference, hr.reference] and not result.created
    assert HelpRequest.objects.count() == 1
    assert [m.text.split("\n")[-1] for m in FollowUpMessage.objects.order_by("pk")] == ["Nog een vraag.", "Antwoord op de draad."]
    assert len(smtp_server.messages) == 1  # replies are not acknowledged again


def test_idempotent_on_message_id(dovecot, smtp_server, config, fetch):
    dovecot.append(make_message())
    fetch()
    dovecot.append(make_message())  # the same message delivered twice
    result = fetch()
    assert result.skipped_duplicates == 1 and HelpRequest.objects.count() == 1
    assert dovecot.count("INBOX") == 0 and dovecot.count("Verwerkt") == 2


def test_attachments_within_limits_are_stored(dovecot, smtp_server, config, fetch):
    dovecot.append(make_message(attachments=[
        ("brief.pdf", "application/pdf", b"%PDF-1.4 small"),
        ("groot.pdf", "application/pdf", b"x" * 5000),
        ("virus.exe", "application/octet-stream", b"MZ"),
    ]))
    fetch()
    inbound = InboundMessage.objects.get()
    by_name = {a["name"]: a for a in inbound.attachments}
    stored = Path(config_media(config)) / by_name["brief.pdf"]["path"]
    assert stored.read_bytes() == b"%PDF-1.4 small"
    assert by_name["groot.pdf"]["skipped"] == "size" and by_name["virus.exe"]["skipped"] == "type"


def config_media(_config):
    from django.conf import settings

    return settings.MEDIA_ROOT


def test_returning_sender_is_linked_to_the_known_client(f, dovecot, smtp_server, config, fetch):
    known = f.client("Anna J.", email="ANNA@example.org")
    dovecot.append(make_message())
    fetch()
    assert HelpRequest.objects.get().client == known


def test_auto_replies_get_no_acknowledgement(dovecot, smtp_server, config, fetch):
    dovecot.append(make_message(Auto_Submitted="auto-replied"))
    fetch()
    assert HelpRequest.objects.count() == 1 and smtp_server.messages == []


def test_command_reports_and_fails_clearly_without_a_server(dovecot, smtp_server, config, settings, capsys):
    dovecot.append(make_message())
    call_command("fetch-mail")
    assert "1 new help requests" in capsys.readouterr().out
    settings.NAAST_INTAKE = {**config, "IMAP_PASSWORD": "wrong"}
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("fetch-mail")
    assert Client.objects.count() == 1


def test_attachments_are_removed_when_the_message_cannot_be_registered(settings, tmp_path, monkeypatch):
    """All or nothing, files included: when the registration rolls back, no attachment stays."""
    from naast.intake import mailbox

    settings.MEDIA_ROOT = tmp_path / "media"
    config = {**settings.NAAST_INTAKE, "ATTACHMENT_MAX_BYTES": 1000}

    def fail(**_fields):
        raise RuntimeError("database went away")

    monkeypatch.setattr(InboundMessage.objects, "create", fail)
    raw = make_message(attachments=[("brief.pdf", "application/pdf", b"%PDF-1.4 small")])
    with pytest.raises(RuntimeError):
        mailbox.handle_message(raw, config)
    assert not HelpRequest.objects.exists()
    media = tmp_path / "media"
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_a_copy_another_run_registered_just_now_is_left_to_it_an_old_one_is_moved(dovecot, smtp_server, config, fetch):
    """A run that meets a message another run registered moments ago (the same IMAP copy) leaves
    moving it to that run; if that run stopped before moving it, the next run after ten minutes does."""
    from datetime import timedelta

    from django.utils import timezone

    dovecot.append(make_message())  # UID 1 in an empty mailbox
    InboundMessage.objects.create(message_id="<m1@example.org>", imap_uid="1")  # "another run, just now"
    result = fetch()
    assert result.skipped_duplicates == 1 and not result.created and not result.failed
    assert dovecot.count("INBOX") == 1 and dovecot.count("Verwerkt") == 0
    InboundMessage.objects.update(received_at=timezone.now() - timedelta(minutes=11))
    result = fetch()
    assert result.skipped_duplicates == 1 and HelpRequest.objects.count() == 0
    assert dovecot.count("INBOX") == 0 and dovecot.count("Verwerkt") == 1
