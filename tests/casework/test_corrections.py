"""Correcting or withdrawing a contact, a self-sufficiency assessment or a reason for passing the
guideline (docs/domain.md §4): hours, deadlines and the report follow, the history keeps the old value."""

from datetime import timedelta

import pytest
from django.utils import timezone

from naast.casework import services
from naast.casework.models import Contact, GuidelineExceedance, SelfSufficiencyAssessment
from naast.organisations.models import ServiceProfile
from naast.registry.models import Correction
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import Scope

pytestmark = pytest.mark.django_db


def _url(hr, kind, pk):
    return f"/staff/dossier/{hr.reference}/corrigeren/{kind}/{pk}/"


def _report(muni):
    return build_report("monitor", parse_period(str(timezone.localdate().year)), Scope(municipality=muni))


def _rows(report, section, key):
    part = next(s for s in report.sections if s.key == section)
    return {row["code"]: row for row in next(t for t in part.tables if t.key == key).rows}


@pytest.fixture
def older(f, org, muni, supporter):
    """A request received five days ago, so contacts can be dated in between."""
    return f.help_request(org=org, supporter=supporter, municipality=muni, status="assigned",
                          received_at=timezone.now() - timedelta(days=5))


def test_a_mistyped_contact_of_200_minutes_is_corrected_and_the_hours_follow(login, older, supporter, muni):
    contact = services.log_contact(older, by=supporter, kind="phone", minutes=200,
                                   occurred_at=timezone.now() - timedelta(days=4))
    client = login(supporter)
    page = client.post(_url(older, "contact", contact.pk), {
        "occurred_at": timezone.localtime(contact.occurred_at).strftime("%Y-%m-%dT%H:%M"), "kind": "phone",
        "minutes": "20", "reason": "Typfout: 20 minuten, niet 200."}, follow=True).content.decode()
    assert "Gecorrigeerd: minuten van het contact" in page
    older.refresh_from_db()
    assert older.minutes_spent == 20
    services.close_request(older, by=supporter, outcome="answered", summary="Klaar", invite_to_survey=False)
    logged = next(r for r in _rows(_report(muni), "hours", "contracted_hours").values() if r["code"] == "logged")
    assert logged["hours"] == 0.3  # 20 minutes, not 200
    timeline = client.get(f"/staff/dossier/{older.reference}/").content.decode()
    assert "Gecorrigeerd: Minuten van het contact" in timeline and "Was: 200. Nu: 20." in timeline


def test_withdrawing_the_first_contact_moves_the_first_contact_to_the_next_one(login, older, supporter):
    wrong = services.log_contact(older, by=supporter, kind="phone", minutes=15,
                                 occurred_at=timezone.now() - timedelta(days=4))
    right = services.log_contact(older, by=supporter, kind="home_visit", minutes=60,
                                 occurred_at=timezone.now() - timedelta(days=2))
    older.refresh_from_db()
    assert older.first_contact_at == wrong.occurred_at and older.minutes_spent == 75
    response = login(supporter).post(_url(older, "contact", wrong.pk), {
        "withdraw-reason": "In het verkeerde dossier gelogd.", "withdraw-confirm": "on", "withdraw": "1"}, follow=True)
    assert "Ingetrokken" in response.content.decode()
    older.refresh_from_db()
    assert older.first_contact_at == right.occurred_at and older.picked_up_at == right.occurred_at
    assert older.minutes_spent == 60
    contacts = login(supporter).get(f"/staff/dossier/{older.reference}/contacts/").content.decode()
    assert "<del>15</del>" in contacts and "ingetrokken" in contacts
    correction = Correction.objects.get(withdrawn=True)
    assert "15 min." in correction.old_value and correction.reason == "In het verkeerde dossier gelogd."


def test_withdrawing_needs_a_reason_and_a_confirmation(login, older, supporter):
    contact = services.log_contact(older, by=supporter, kind="phone", minutes=15)
    page = login(supporter).post(_url(older, "contact", contact.pk), {"withdraw-reason": "", "withdraw": "1"}).content
    assert "Dit veld is verplicht" in page.decode()
    contact.refresh_from_db()
    assert contact.withdrawn_at is None and not Correction.objects.exists()


def test_a_zrm_score_is_corrected_and_a_wrong_assessment_withdrawn(login, older, supporter):
    first = services.record_assessment(older, by=supporter, levels={"finances": 2, "housing": 3},
                                       assessed_on=timezone.localdate() - timedelta(days=3))
    services.record_assessment(older, by=supporter, levels={"finances": 4}, assessed_on=timezone.localdate())
    client = login(supporter)
    client.post(_url(older, "assessment", first.pk), {"level_finances": "1", "level_housing": "3",
                                                      "reason": "Financiën was acuut."})
    assert dict(first.scores.values_list("domain", "level")) == {"finances": 1, "housing": 3}
    correction = Correction.objects.get(field="finances")
    assert correction.old_value.startswith("2") and correction.new_value.startswith("1")
    page = client.get(f"/staff/dossier/{older.reference}/zrm/").content.decode()
    assert "Corrigeren" in page
    client.post(_url(older, "assessment", first.pk), {"withdraw-reason": "Meting van iemand anders.",
                                                      "withdraw-confirm": "on", "withdraw": "1"})
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert SelfSufficiencyAssessment.objects.filter(help_request=older, withdrawn_at__isnull=True).count() == 1


def test_a_corrected_exceedance_reason_moves_in_the_report_and_a_withdrawn_one_is_asked_again(
        login, older, supporter, muni):
    profile = ServiceProfile.get()
    profile.guideline_hours = 1
    profile.save()
    services.log_contact(older, by=supporter, kind="office", minutes=90, exceedance_reason="complexity",
                         exceedance_explanation="Veel instanties.", occurred_at=timezone.now() - timedelta(days=1))
    exceedance = GuidelineExceedance.objects.get()
    client = login(supporter)
    client.post(_url(older, "exceedance", exceedance.pk), {"new_reason": "waiting_list",
                                                            "explanation": "Wachtlijst schuldhulp.",
                                                            "reason": "Verkeerde reden gekozen."})
    services.close_request(older, by=supporter, outcome="answered", summary="Klaar", invite_to_survey=False)
    reasons = _rows(_report(muni), "exceedance_reasons", "exceedance_reasons")
    assert reasons["waiting_list"]["requests"] == 1 and reasons["complexity"]["requests"] == 0
    history = Correction.objects.filter(subject="exceedance").values_list("old_value", "new_value")
    assert ("Complexiteit", "Wachtlijst elders") in list(history)
    client.post(_url(older, "exceedance", exceedance.pk), {"withdraw-reason": "Minuten waren fout.",
                                                            "withdraw-confirm": "on", "withdraw": "1"})
    reasons = _rows(_report(muni), "exceedance_reasons", "exceedance_reasons")
    assert all(row["requests"] == 0 for row in reasons.values())
    assert services.needs_exceedance_reason(older, 1)


def test_others_cannot_correct_and_a_withdrawn_record_stays_withdrawn(f, org, login, older, supporter):
    contact = services.log_contact(older, by=supporter, kind="phone", minutes=15)
    desk = f.user("desk", org=org)
    for user in (desk, f.user("supporter", org=org), f.user("funder")):
        assert login(user).post(_url(older, "contact", contact.pk), {"minutes": "1", "reason": "x"}).status_code == 403
    services.withdraw_contact(contact, by=supporter, reason="Dubbel gelogd.")
    page = login(supporter).post(_url(older, "contact", contact.pk), {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "kind": "phone", "minutes": "30",
        "reason": "Toch niet?"}).content.decode()
    assert "ingetrokken op" in page
    contact.refresh_from_db()
    assert contact.minutes == 15 and Contact.objects.get().withdrawn_at is not None
    assert login(supporter).get(_url(older, "contact", 999999)).status_code == 404
    assert login(supporter).get(_url(older, "nonsense", contact.pk)).status_code == 404
