"""The domain verbs of case work, without HTTP: every state change and every rule."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from naast.casework import services
from naast.casework.models import (
    Closing,
    Contact,
    GuidelineExceedance,
    Referral,
    Reopening,
    SurveyInvitation,
    SurveyResponse,
)
from naast.organisations.models import ServiceProfile
from naast.registry import lifecycle
from naast.registry.models import Assignment
from tests.casework.factories import map_service

pytestmark = pytest.mark.django_db


def test_the_whole_journey_assign_contact_appointment_refer_close_reopen(f, supporter, org, muni):
    hr = f.help_request(org=org, municipality=muni)
    assert hr.status == "received" and hr.first_contact_at is None
    Assignment.objects.create(help_request=hr, supporter=supporter)
    lifecycle.assigned(hr)
    assert hr.status == "assigned"

    services.log_contact(hr, by=supporter, kind="phone", minutes=20)
    assert hr.status == "in_progress" and hr.first_contact_at is not None and hr.minutes_spent == 20

    services.plan_appointment(hr, by=supporter, starts_at=timezone.now() + timedelta(days=2), location="Bibliotheek")
    assert hr.appointment_at is not None

    referral = services.refer(hr, by=supporter, service=map_service("Schuldhulp Drenthe"), kind="information",
                              shares_personal_data=False)
    assert referral.status == "sent"
    services.update_referral_status(referral, status="started", waiting_weeks=3)
    referral.refresh_from_db()
    assert (referral.status, referral.waiting_weeks) == ("started", 3)

    services.put_on_case_meeting(hr, question="Wie neemt het over?")
    result = services.close_request(hr, by=supporter, outcome="referred", summary="Doorverwezen, gestart.")
    assert hr.case_file.case_meeting_requested_at is None  # nothing left to discuss
    assert hr.status == "closed" and hr.outcome == "referred" and hr.closed_at is not None
    assert result.closing.minutes_spent == 20

    services.reopen_request(hr, by=supporter, reason="Mevrouw belt terug: schuldhulp stopt.")
    assert hr.status == "in_progress" and hr.closed_at is None and hr.outcome == ""
    # The history stays for reports: one closing and one reopening.
    assert Closing.objects.filter(help_request=hr).count() == 1
    assert Reopening.objects.filter(help_request=hr).count() == 1


def test_minutes_spent_is_the_exact_sum_of_contacts_and_a_duo_counts_twice(hr, supporter, colleague):
    Assignment.objects.create(help_request=hr, supporter=colleague)
    services.log_contact(hr, by=supporter, kind="office", minutes=45)
    services.log_contact(hr, by=supporter, kind="home_visit", minutes=60, supporters=[supporter, colleague])
    hr.refresh_from_db()
    assert hr.minutes_spent == 45 + 120
    assert hr.minutes_spent == sum(Contact.objects.filter(help_request=hr).values_list("staff_minutes", flat=True))


def test_the_first_contact_time_is_the_earliest_contact(hr, supporter):
    hr.received_at = timezone.now() - timedelta(days=5)
    hr.save()
    later = timezone.now() - timedelta(hours=1)
    earlier = timezone.now() - timedelta(days=2)
    services.log_contact(hr, by=supporter, kind="phone", minutes=5, occurred_at=later)
    services.log_contact(hr, by=supporter, kind="phone", minutes=5, occurred_at=earlier)
    assert hr.first_contact_at == earlier


def test_someone_not_on_the_request_cannot_be_named_on_a_contact(hr, supporter, f, org):
    stranger = f.user("supporter", org=org)
    with pytest.raises(ValidationError) as error:
        services.log_contact(hr, by=supporter, kind="phone", minutes=5, supporters=[supporter, stranger])
    assert "supporters" in error.value.message_dict
    assert not Contact.objects.exists()


@pytest.mark.parametrize("minutes", [0, -5, 24 * 60 + 1])
def test_impossible_minutes_are_refused_and_nothing_is_written(hr, supporter, minutes):
    with pytest.raises(ValidationError):
        services.log_contact(hr, by=supporter, kind="phone", minutes=minutes)
    hr.refresh_from_db()
    assert hr.minutes_spent == 0 and hr.first_contact_at is None and not Contact.objects.exists()


def test_passing_the_guideline_requires_a_reason_once(hr, supporter):
    profile = ServiceProfile.get()
    profile.guideline_hours = 2
    profile.save()
    services.log_contact(hr, by=supporter, kind="office", minutes=100)
    with pytest.raises(ValidationError) as error:
        services.log_contact(hr, by=supporter, kind="office", minutes=30)
    assert "exceedance_reason" in error.value.message_dict
    hr.refresh_from_db()
    assert hr.minutes_spent == 100 and Contact.objects.count() == 1  # nothing half-written

    with pytest.raises(ValidationError):  # a reason without an explanation is not enough
        services.log_contact(hr, by=supporter, kind="office", minutes=30, exceedance_reason="complexity")

    services.log_contact(hr, by=supporter, kind="office", minutes=30, exceedance_reason="waiting_list",
                         exceedance_explanation="Wachtlijst GGZ van 12 weken.")
    exceedance = GuidelineExceedance.objects.get(help_request=hr)
    assert (exceedance.reason, exceedance.minutes_at_time, exceedance.guideline_hours) == ("waiting_list", 130, 2)
    # Asked once: later contacts pass without a new reason.
    services.log_contact(hr, by=supporter, kind="phone", minutes=10)
    hr.refresh_from_db()
    assert hr.minutes_spent == 140


def test_exactly_reaching_the_guideline_needs_no_reason(hr, supporter):
    services.log_contact(hr, by=supporter, kind="office", minutes=600)
    assert hr.minutes_spent == 600 and not GuidelineExceedance.objects.exists()


def test_no_contacts_on_a_closed_request(hr, supporter):
    services.close_request(hr, by=supporter, outcome="answered", summary="Klaar.")
    with pytest.raises(ValidationError):
        services.log_contact(hr, by=supporter, kind="phone", minutes=5)
    assert not Contact.objects.exists()


def test_zrm_assessment_stores_levels_and_refuses_nonsense(hr, supporter):
    assessment = services.record_assessment(hr, by=supporter, levels={"finances": 2, "housing": 4, "justice": ""})
    assert assessment.levels() == {"finances": 2, "housing": 4}
    with pytest.raises(ValidationError):
        services.record_assessment(hr, by=supporter, levels={"finances": 6})
    with pytest.raises(ValidationError):
        services.record_assessment(hr, by=supporter, levels={})
    assert hr.assessments.count() == 1


def test_only_the_first_appointment_sets_the_deadline_time(hr, supporter):
    services.plan_appointment(hr, by=supporter, starts_at=timezone.now() + timedelta(days=1))
    first = hr.appointment_at
    services.plan_appointment(hr, by=supporter, starts_at=timezone.now() + timedelta(days=5))
    assert hr.appointment_at == first


def test_referral_sharing_personal_data_without_consent_is_refused(hr, supporter):
    with pytest.raises(ValidationError) as error:
        services.refer(hr, by=supporter, service=map_service("GGZ Noord"), kind="warm", shares_personal_data=True)
    assert "consent_given" in error.value.message_dict
    with pytest.raises(ValidationError):  # consent ticked but not how it was given
        services.refer(hr, by=supporter, service=map_service("GGZ Noord"), kind="warm", shares_personal_data=True,
                       consent_given=True)
    assert not Referral.objects.exists()
    referral = services.refer(hr, by=supporter, service=map_service("GGZ Noord"), kind="warm", shares_personal_data=True,
                              consent_given=True, consent_form="verbal")
    assert referral.consent_given_at is not None


def test_the_database_refuses_shared_personal_data_without_consent(hr):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(help_request=hr, service=map_service("X"), service_name="X", kind="warm",
                                shares_personal_data=True)


def test_conflict_of_interest_stops_until_confirmed_and_is_recorded(hr, supporter):
    supporter.affiliations.create(organisation_name="zorggroep noord", relation="board")
    with pytest.raises(services.ConflictOfInterest) as conflict:
        services.refer(hr, by=supporter, service=map_service("Zorggroep Noord"), kind="information",
                       shares_personal_data=False)
    assert conflict.value.affiliations[0].organisation_name == "zorggroep noord"
    assert not Referral.objects.exists()
    referral = services.refer(hr, by=supporter, service=map_service("Zorggroep Noord"), kind="information",
                              shares_personal_data=False, conflict_confirmed=True)
    assert referral.conflict_acknowledged and "zorggroep noord" in referral.conflict_of_interest
    assert (referral.organisation_name, referral.service.organization.name) == ("Zorggroep Noord", "Zorggroep Noord")


def test_an_archived_service_cannot_be_chosen(hr, supporter):
    from django.utils import timezone as tz

    service = map_service("Oud Loket", archived_at=tz.now())
    with pytest.raises(ValidationError):
        services.refer(hr, by=supporter, service=service, kind="warm", shares_personal_data=False)


def test_a_referral_without_affiliation_records_no_conflict(hr, supporter):
    supporter.affiliations.create(organisation_name="Andere Stichting", relation="volunteer")
    referral = services.refer(hr, by=supporter, service=map_service("Zorggroep Noord"), kind="information",
                              shares_personal_data=False)
    assert not referral.conflict_acknowledged and referral.conflict_of_interest == ""


def test_signals_and_support_actions(hr, supporter):
    signal = services.record_signal(hr, by=supporter, theme="waiting_list", text="Wachtlijst dagbesteding 6 maanden.",
                                    shareable=False)
    assert signal.get_theme_display() and not signal.shareable
    with pytest.raises(ValidationError):
        services.record_signal(hr, by=supporter, theme="nonsense", text="x")
    action = services.record_support_action(hr, by=supporter, kind="objection", description="Bezwaar opgesteld",
                                            counterpart="Gemeente Westerveld")
    services.update_support_action_outcome(action, outcome="achieved", outcome_note="Bezwaar gegrond")
    action.refresh_from_db()
    assert action.outcome == "achieved"


def test_closing_with_email_sends_a_survey_link_that_answers_once(f, org, muni, supporter, django_capture_on_commit_callbacks):
    hr = f.help_request(org=org, municipality=muni, supporter=supporter, client=f.client(email="anna@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        result = services.close_request(hr, by=supporter, outcome="answered", summary="Brief uitgelegd.",
                                        site_url="https://naast.example.nl")
    assert result.invitation.delivery == "email" and len(result.survey_code) == 10
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anna@example.org"]
    assert f"https://naast.example.nl/enquete/{result.survey_code}/" in mail.outbox[0].body
    # Only a hash is stored.
    assert not SurveyInvitation.objects.filter(token_hash__icontains=result.survey_code).exists()

    answer = services.answer_survey(result.survey_code.lower(), mark=8, felt_understood=5, felt_seen=4,
                                    fitted_own_question=4, comment="Fijn geholpen")
    assert (answer.municipality, answer.organisation, answer.mark) == (muni, org, 8)
    with pytest.raises(services.SurveyUnavailable) as second:
        services.answer_survey(result.survey_code, mark=1, felt_understood=1, felt_seen=1, fitted_own_question=1)
    assert second.value.reason == "answered"
    assert SurveyResponse.objects.count() == 1


def test_a_survey_link_expires(f, org, supporter):
    hr = f.help_request(org=org, supporter=supporter)
    result = services.close_request(hr, by=supporter, outcome="answered", summary="Klaar.")
    assert result.invitation.delivery == "letter"
    SurveyInvitation.objects.filter(pk=result.invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.SurveyUnavailable) as error:
        services.answer_survey(result.survey_code, mark=7, felt_understood=3, felt_seen=3, fitted_own_question=3)
    assert error.value.reason == "expired" and not SurveyResponse.objects.exists()


def test_an_anonymous_request_gets_no_survey_and_bad_marks_are_refused(f, org, supporter):
    hr = f.help_request(org=org, supporter=supporter, client=None)
    assert services.close_request(hr, by=supporter, outcome="answered", summary="Klaar.").invitation is None
    hr2 = f.help_request(org=org, supporter=supporter)
    code = services.close_request(hr2, by=supporter, outcome="answered", summary="Klaar.").survey_code
    with pytest.raises(ValidationError):
        services.answer_survey(code, mark=11, felt_understood=3, felt_seen=3, fitted_own_question=3)
    with pytest.raises(services.SurveyUnavailable):
        services.answer_survey("WRONGCODE22", mark=7, felt_understood=3, felt_seen=3, fitted_own_question=3)
    assert not SurveyResponse.objects.exists()


def test_close_needs_outcome_and_summary_and_reopen_needs_a_reason(hr, supporter):
    with pytest.raises(ValidationError):
        services.close_request(hr, by=supporter, outcome="answered", summary="  ")
    with pytest.raises(ValidationError):
        services.close_request(hr, by=supporter, outcome="solved", summary="x")
    with pytest.raises(ValidationError):  # an open request cannot be reopened
        services.reopen_request(hr, by=supporter, reason="x")
    services.close_request(hr, by=supporter, outcome="answered", summary="Klaar.")
    with pytest.raises(ValidationError):
        services.reopen_request(hr, by=supporter, reason="")
    with pytest.raises(ValidationError):  # closing twice
        services.close_request(hr, by=supporter, outcome="answered", summary="Nog eens.")
    assert Closing.objects.count() == 1 and not Reopening.objects.exists()


def test_calendar_feed_tokens_are_revocable(supporter):
    token = services.new_calendar_feed(supporter)
    assert services.calendar_feed_for(token).user == supporter
    newer = services.new_calendar_feed(supporter)
    assert services.calendar_feed_for(token) is None  # a new feed revokes the old one
    services.revoke_calendar_feeds(supporter)
    assert services.calendar_feed_for(newer) is None
