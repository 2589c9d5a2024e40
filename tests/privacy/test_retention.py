"""Retention (`naast apply-retention`): the personal data of help requests closed longer ago than the
retention period goes, and of clients whose every request has; recent, open and held requests,
and a client with one request still kept, stay as they were. Files leave storage."""

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone

from naast.casework import models as casework
from naast.core.extensions import Personal, personal_fields
from naast.core.models import OutgoingMail
from naast.intake import models as intake
from naast.privacy import retention
from naast.privacy.models import LegalHold
from naast.registry.models import Assignment, Client, ClientMerge, Correction, HelpRequest
from tests.socialmap import factories as map_factories

pytestmark = pytest.mark.django_db

YEARS_AGO = timezone.now() - timedelta(days=3 * 365)
NAMES = ("Annemarie Jansen", "Bart Pietersen", "Cor Dijkstra", "Dirk Visser")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _closed(f, org, muni, client, closed_at, **fields):
    return f.help_request(org=org, municipality=muni, client=client, status="closed", received_at=closed_at - timedelta(days=30),
                          closed_at=closed_at, outcome="answered", closing_summary="Schuld geregeld voor de familie.",
                          **fields)


def _full_case(f, org, muni, supporter, help_request):
    """Every personal field of every app filled in for this request."""
    hr = help_request
    Assignment.objects.create(help_request=hr, supporter=supporter, ended_at=hr.closed_at, end_reason="Mevrouw wilde een ander.")
    Correction.objects.create(help_request=hr, subject="client", field="display_name", field_label="naam",
                              old_value="Annemarie J.", new_value="Annemarie Jansen", reason="Typefout in de naam")
    intake.IntakeDetails.objects.create(help_request=hr, asker_name="Zoon Jansen", asker_relation="zoon",
                                        asker_phone="0612345678", asker_email="zoon@example.org",
                                        address="Dorpsstraat 1, Diever", preferred_language="tr",
                                        follow_up_token_hash="a" * 64, idempotency_key="k" * 32)
    intake.UrgencyChange.objects.create(help_request=hr, old_urgency="regular", new_urgency="urgent",
                                        reason="Huisuitzetting dreigt")
    intake.AnotherSupporterRequest.objects.create(help_request=hr, reason="Klikt niet", source="staff")
    intake.FollowUpMessage.objects.create(help_request=hr, source="public", text="Ik heb de brief gevonden.")
    path = default_storage.save(f"intake/{hr.reference}/brief-jansen.pdf", ContentFile(b"%PDF-1.4 brief"))
    intake.InboundMessage.objects.create(message_id=f"<{hr.reference}@example.org>", help_request=hr,
                                         sender="annemarie@example.org", subject="Mijn schulden",
                                         attachments=[{"name": "brief-jansen.pdf", "content_type": "application/pdf",
                                                       "size": 14, "path": path}])
    casework.CaseFile.objects.create(help_request=hr, clarified_question="Betalingsregeling", hidden_questions="Eenzaam",
                                     goals="Rust", target_group_notes="Mantelzorger", case_meeting_question="Wat nu?")
    casework.OtherHelper.objects.create(help_request=hr, name="Dochter Jansen", organisation_name="Thuiszorg",
                                        role="dochter", contact="0687654321")
    document = casework.Document(help_request=hr, title="Beschikking Jansen", content_type="application/pdf", size=9)
    document.file.save("beschikking.pdf", ContentFile(b"%PDF-1.4 "), save=True)
    casework.Contact.objects.create(help_request=hr, kind="phone", minutes=30, note="Gesprek over schulden",
                                    occurred_at=hr.received_at + timedelta(days=1))
    casework.GuidelineExceedance.objects.create(help_request=hr, reason="complex", explanation="Veel schuldeisers",
                                                minutes_at_time=700, guideline_hours=10)
    casework.SelfSufficiencyAssessment.objects.create(help_request=hr, note="Financiën onvoldoende")
    casework.Appointment.objects.create(help_request=hr, starts_at=hr.received_at + timedelta(days=2),
                                        location="Dorpsstraat 1", note="Bel aan bij de buren")
    casework.FollowUpReminder.objects.create(help_request=hr, supporter=supporter, due_on=hr.received_at.date(),
                                             note="Mevrouw Jansen terugbellen")
    ClientMerge.objects.create(kept=hr.client, merged=Client.objects.create(display_name="Annemarie (oud)"),
                               reason="Zelfde telefoon als Annemarie")
    casework.SupportAction.objects.create(help_request=hr, kind="objection", counterpart="Gemeente",
                                          description="Bezwaar tegen de beschikking", outcome_note="Toegekend")
    service = map_factories.service("Schuldhulp Westerveld", index=False)
    casework.Referral.objects.create(help_request=hr, service=service, service_name=service.name, kind="warm",
                                     note="Zoon gaat mee")
    casework.Signal.objects.create(help_request=hr, theme="waiting_list", text="Mevrouw Jansen wacht al maanden")
    closing = casework.Closing.objects.create(help_request=hr, closed_at=hr.closed_at, outcome="answered",
                                              summary="Schulden geregeld")
    casework.Reopening.objects.create(help_request=hr, reason="Nieuwe brief")
    casework.SurveyInvitation.objects.create(closing=closing, token_hash="b" * 64, delivery="email",
                                             expires_at=hr.closed_at + timedelta(days=42))
    casework.SurveyResponse.objects.create(municipality=muni, organisation=org, answered_in=hr.closed_at.date().replace(day=1),
                                           mark=8, felt_understood=4, felt_seen=4, fitted_own_question=4,
                                           comment="Fijn geholpen door Karin")
    OutgoingMail.objects.create(kind="survey", reference=hr.reference, to="annemarie@example.org", subject="Enquête",
                                body="Hoe was het?")
    return {"document": document.file.name, "attachment": path}


@pytest.fixture
def world(f, org, muni):
    supporter = f.user("supporter", org=org)
    expired_client = f.client(NAMES[0], full_name="Annemarie Jansen", phone="0612345678", email="annemarie@example.org",
                              postcode="7991AA", birth_year=1950, preferred_language="tr", external_key_hash="c" * 64)
    expired = _closed(f, org, muni, expired_client, YEARS_AGO, question="Ik kan de huur niet betalen.")
    files = _full_case(f, org, muni, supporter, expired)
    # A client with an expired request and a recent one keeps their name; only the old request goes.
    mixed_client = f.client(NAMES[1], phone="0611111111")
    mixed_old = _closed(f, org, muni, mixed_client, YEARS_AGO, question="Oude vraag van Bart.")
    mixed_recent = _closed(f, org, muni, mixed_client, timezone.now() - timedelta(days=30), question="Nieuwe vraag van Bart.")
    held = _closed(f, org, muni, f.client(NAMES[2]), YEARS_AGO, question="Klacht van Cor.")
    LegalHold.objects.create(help_request=held, reason="Klachtprocedure")
    still_open = f.help_request(org=org, municipality=muni, client=f.client(NAMES[3]), status="in_progress",
                                received_at=YEARS_AGO, question="Dirk wacht nog.")
    from naast.socialmap.models import SearchStatistic

    # What a resident typed in the map's search three years ago (a name among the words).
    SearchStatistic.objects.create(month=YEARS_AGO.date().replace(day=1), query="annemarie jansen schulden", searches=1)
    return {"expired": expired, "files": files, "mixed_old": mixed_old, "mixed_recent": mixed_recent, "held": held,
            "open": still_open, "supporter": supporter}


def _retention_fields():
    """(model, field name, how) of every field the inventory says retention blanks or replaces."""
    found = []
    for label, fields in personal_fields().items():
        for name, kind in fields.items():
            if isinstance(kind, Personal) and kind.by_retention:
                model_name, field_name = name.split(".")
                found.append((apps.get_model(label, model_name), field_name, kind.anonymised))
    return found


def _empty(value) -> bool:
    return value in ("", None, [], {}) or (hasattr(value, "name") and not value.name)


def test_expired_requests_and_clients_are_chosen_by_the_rule(world):
    request_ids, client_ids = retention.expired_requests(months=24)
    assert set(request_ids) == {world["expired"].pk, world["mixed_old"].pk}
    assert client_ids == [world["expired"].client_id]
    # A shorter period for one run takes the recent request too, and then its client.
    request_ids, client_ids = retention.expired_requests(months=0)
    assert world["mixed_recent"].pk in request_ids and world["mixed_recent"].client_id in client_ids
    assert world["held"].pk not in request_ids and world["open"].pk not in request_ids


def test_apply_retention_blanks_every_personal_field_the_inventory_names(world, django_capture_on_commit_callbacks):
    fields = _retention_fields()
    assert len(fields) > 40
    # The world fills every one of them, so the check below proves something.
    for model, name, _how in fields:
        assert any(not _empty(value) for value in model.objects.values_list(name, flat=True)), f"{model.__name__}.{name}"
    for path in world["files"].values():
        assert default_storage.exists(path)
    old_tokens = set(casework.SurveyInvitation.objects.values_list("token_hash", flat=True))

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply-retention", stdout=out)

    expired = HelpRequest.objects.get(pk=world["expired"].pk)
    client = Client.objects.get(pk=expired.client_id)
    assert expired.anonymised_at is not None and client.anonymised_at is not None
    for model, name, how in fields:
        rows = model.objects.all()
        if model is HelpRequest:  # the untouched requests keep their question (checked below)
            rows = rows.filter(anonymised_at__isnull=False)
        if model is Client:
            rows = rows.filter(anonymised_at__isnull=False)
        values = list(rows.values_list(name, flat=True))
        assert values, f"{model.__name__}.{name}"
        if how.startswith("replaced by a dash"):
            assert set(values) == {"—"}, f"{model.__name__}.{name}"
        elif how.startswith("replaced by a random"):
            assert not set(values) & old_tokens, f"{model.__name__}.{name}"
        else:
            assert all(_empty(v) for v in values), f"{model.__name__}.{name}: {values}"
    assert client.birth_year is None
    assert not OutgoingMail.objects.filter(reference=expired.reference).exists()
    # Files leave storage; rows stay (reports count them).
    for path in world["files"].values():
        assert not default_storage.exists(path)
    assert casework.Document.objects.filter(help_request=expired).count() == 1
    # Every statistical field stays.
    assert (expired.status, expired.outcome, expired.closed_at, expired.municipality_id, expired.organisation_id) == (
        "closed", "answered", world["expired"].closed_at, world["expired"].municipality_id, world["expired"].organisation_id)
    assert casework.Contact.objects.get(help_request=expired).minutes == 30
    # The output counts kinds, and names nobody.
    text = out.getvalue()
    assert "help requests" in text and "clients" in text and "document files" in text
    for secret in (*NAMES, expired.reference, "annemarie@example.org", "Jansen"):
        assert secret not in text
    # One audit row for the run, with its numbers.
    from naast.privacy.models import AuditEvent

    row = AuditEvent.objects.get(object_label="retention")
    assert (row.action, row.username, row.reason) == ("delete", "apply-retention",
                                                      "retention (24 months): 2 help requests, 1 clients anonymised")


def test_recent_open_held_requests_and_a_client_with_a_recent_request_are_kept(world):
    call_command("apply-retention", stdout=StringIO())
    mixed_old = HelpRequest.objects.get(pk=world["mixed_old"].pk)
    assert mixed_old.question == "" and mixed_old.anonymised_at is not None
    # Bart still has a recent request: his name stays with it.
    bart = Client.objects.get(pk=mixed_old.client_id)
    assert bart.display_name == NAMES[1] and bart.phone == "0611111111" and bart.anonymised_at is None
    assert HelpRequest.objects.get(pk=world["mixed_recent"].pk).question == "Nieuwe vraag van Bart."
    held = HelpRequest.objects.get(pk=world["held"].pk)
    assert held.question == "Klacht van Cor." and held.anonymised_at is None and held.client.display_name == NAMES[2]
    still_open = HelpRequest.objects.get(pk=world["open"].pk)
    assert still_open.question == "Dirk wacht nog." and still_open.client.display_name == NAMES[3]
    # Lifting the hold lets the next run take the held request (and Cor, whose only request it is).
    retention.lift_hold(held, reason="Klacht afgehandeld", by=world["supporter"])
    call_command("apply-retention", stdout=StringIO())
    held.refresh_from_db()
    assert held.question == "" and held.client.display_name == "—"


def test_a_second_run_finds_nothing_more(world):
    call_command("apply-retention", stdout=StringIO())
    counts = retention.apply_retention(months=24)
    assert counts["help requests"] == 0 and counts["clients"] == 0


def test_dry_run_changes_nothing_and_prints_counts_without_names(world, django_capture_on_commit_callbacks):
    def snapshot():
        rows = {}
        for model in (HelpRequest, Client, casework.CaseFile, casework.Contact, casework.Document, intake.IntakeDetails,
                      intake.InboundMessage, casework.SurveyInvitation, casework.SurveyResponse, OutgoingMail):
            rows[model.__name__] = sorted(map(repr, model.objects.values_list()))
        return rows

    before = snapshot()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply-retention", "--dry-run", stdout=out)
    assert snapshot() == before
    from naast.privacy.models import AuditEvent

    assert not AuditEvent.objects.exists()
    for path in world["files"].values():
        assert default_storage.exists(path)
    text = out.getvalue()
    assert "Dry run: nothing was changed" in text
    lines = {kind.strip(): n for kind, n in (line.rsplit(None, 1) for line in text.splitlines()[1:])}
    assert lines["help requests"] == "2" and lines["clients"] == "1" and lines["document files"] == "1"
    for secret in (*NAMES, world["expired"].reference, "Jansen"):
        assert secret not in text


def test_months_overrides_the_setting_for_one_run(world, settings):
    settings.NAAST = {**settings.NAAST, "RETENTION_MONTHS": 120}
    out = StringIO()
    call_command("apply-retention", "--dry-run", stdout=out)
    assert "more than 120 months" in out.getvalue()
    assert retention.apply_retention(dry_run=True)["help requests"] == 0
    out = StringIO()
    call_command("apply-retention", "--months", "1", stdout=out)
    assert "more than 1 months" in out.getvalue()
    # The recent request (closed 30 days ago) went too, and with it Bart.
    assert HelpRequest.objects.get(pk=world["mixed_recent"].pk).question == ""
    assert Client.objects.get(pk=world["mixed_recent"].client_id).display_name == "—"


@pytest.mark.parametrize("value", ["0", "-3", "twee", "1.5", "", "99999999999"])
def test_months_must_be_a_positive_whole_number(world, value):
    with pytest.raises(CommandError, match="positive whole number of months \\(at most 1200\\)"):
        call_command("apply-retention", "--months", value, stdout=StringIO())
    assert HelpRequest.objects.get(pk=world["expired"].pk).question == "Ik kan de huur niet betalen."


def test_a_failure_halfway_changes_nothing_and_keeps_the_files(world, monkeypatch, django_capture_on_commit_callbacks):
    real = retention.anonymisers()

    def broken(request_ids, client_ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "anonymisers", lambda: [*real, broken])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        retention.apply_retention(months=24)
    expired = HelpRequest.objects.get(pk=world["expired"].pk)
    assert expired.question == "Ik kan de huur niet betalen." and expired.anonymised_at is None
    assert expired.client.display_name == NAMES[0]
    assert casework.Contact.objects.get(help_request=expired).note == "Gesprek over schulden"
    for path in world["files"].values():
        assert default_storage.exists(path)


def test_survey_comments_expire_by_their_month(world):
    recent = casework.SurveyResponse.objects.create(
        municipality=world["expired"].municipality, answered_in=timezone.localdate().replace(day=1), mark=9,
        felt_understood=4, felt_seen=4, fitted_own_question=4, comment="Top")
    retention.apply_retention(months=24)
    recent.refresh_from_db()
    assert recent.comment == "Top"
    assert set(casework.SurveyResponse.objects.exclude(pk=recent.pk).values_list("comment", flat=True)) == {""}


def test_months_before_keeps_the_day_within_the_month():
    moment = timezone.now().replace(year=2026, month=3, day=31)
    assert retention.months_before(moment, 1).date().isoformat() == "2026-02-28"
    assert retention.months_before(moment, 24).date().isoformat() == "2024-03-31"
    assert retention.months_before(moment, 13).date().isoformat() == "2025-02-28"


def test_the_inventory_field_types_are_the_ones_checked():
    # A guard for the inventory test: these kinds of field are the ones that can hold what a person typed.
    from naast.privacy.inventory import TEXT_FIELDS

    assert models.EmailField.__mro__[1] is models.CharField and models.CharField in TEXT_FIELDS


def test_a_hold_set_after_the_selection_still_wins(world):
    request_ids, client_ids = retention.expired_requests(months=24)
    LegalHold.objects.create(help_request=world["expired"], reason="Net binnengekomen klacht")
    retention.anonymise(request_ids, client_ids)
    expired = HelpRequest.objects.get(pk=world["expired"].pk)
    assert expired.question == "Ik kan de huur niet betalen." and expired.client.display_name == NAMES[0]
    assert HelpRequest.objects.get(pk=world["mixed_old"].pk).question == ""


@pytest.mark.parametrize("value", ["0", "abc", "2000"])
def test_a_wrong_retention_setting_stops_the_start_with_a_clear_message(value):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import naast.conf.settings"], capture_output=True, text=True,
                            env={**__import__("os").environ, "NAAST_RETENTION_MONTHS": value, "DEBUG": "1"})
    assert result.returncode != 0 and "NAAST_RETENTION_MONTHS" in result.stderr and "1 to 1200" in result.stderr


def test_what_residents_typed_in_the_map_search_goes_and_the_months_counts_stay(world):
    from naast.socialmap import learning
    from naast.socialmap.models import SearchStatistic

    this_month = timezone.localdate().replace(day=1)
    old_month = (this_month - timedelta(days=3 * 365)).replace(day=1)
    for month, query, searches, without in ((old_month, "jan de vries schulden", 3, 1), (old_month, "huur", 5, 0),
                                            (this_month, "huur", 2, 2)):
        SearchStatistic.objects.create(month=month, query=query, searches=searches, without_results=without)
    before = {row["month"]: row for row in learning.monthly_summary()}
    typed_long_ago = SearchStatistic.objects.filter(month__lt=this_month.replace(year=this_month.year - 2)).count()
    assert typed_long_ago >= 2  # these two, and the world's own
    counts = retention.apply_retention(months=24)
    assert counts["search words"] == typed_long_ago
    assert list(SearchStatistic.objects.filter(month=old_month).values_list("query", flat=True)) == [""]
    assert SearchStatistic.objects.get(month=this_month).query == "huur"  # within the period: kept
    assert {row["month"]: row for row in learning.monthly_summary()} == before
    assert retention.apply_retention(months=24)["search words"] == 0  # nothing left to forget
