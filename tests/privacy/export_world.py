"""A resident with something in every place Naast keeps client data, for the export's tests.

`full_case(f, tag, ...)` writes `tag` into every free text, so a test can see whose data an export
holds: build two residents with similar data ("ALFA", "BRAVO") and look for each tag."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from naast.casework import services as casework
from naast.casework.models import (
    Appointment,
    Closing,
    Contact,
    GuidelineExceedance,
    OtherHelper,
    Referral,
    Reopening,
    SelfSufficiencyAssessment,
    Signal,
    SupportAction,
    SurveyInvitation,
)
from naast.core.models import OutgoingMail
from naast.intake import services as intake
from naast.intake.models import (
    AnotherSupporterRequest,
    FollowUpMessage,
    InboundMessage,
    ReminderSent,
    SupporterExclusion,
    UrgencyChange,
)
from naast.privacy import chain
from naast.registry.models import Assignment, ClientMerge, Correction
from tests.socialmap import factories as map_factories


def full_case(f, tag: str, *, org, muni, supporter, coordinator) -> dict:
    """Register a request for resident `tag` and fill every kind of record linked to it."""
    received = timezone.now() - timedelta(days=20)
    registration = intake.register_request(
        channel="web", question=f"{tag} vraag over de brief", municipality=muni, organisation=org, received_at=received,
        follow_up_link=True, contact_way="email", on_behalf=True, asker_name=f"{tag} dochter", asker_relation="dochter",
        address=f"{tag}straat 1",
        resident=intake.ResidentDetails(display_name=f"{tag} inwoner", full_name=f"{tag} Volledige Naam",
                                        phone="0612345678", email=f"{tag.lower()}@example.org", postcode="7991AA"))
    hr = registration.help_request
    Assignment.objects.create(help_request=hr, supporter=supporter, assigned_at=received + timedelta(hours=1))
    ended = Assignment.objects.create(help_request=hr, supporter=coordinator, assigned_at=received,
                                      ended_at=received + timedelta(hours=1), end_reason=f"{tag} wissel")
    Correction.objects.create(help_request=hr, subject="request", field="question", field_label="Vraag",
                              old_value=f"{tag} oud", new_value=f"{tag} nieuw", reason=f"{tag} typfout",
                              corrected_by=coordinator)
    # The front door
    FollowUpMessage.objects.create(help_request=hr, source="public", text=f"{tag} ik ben 's ochtends thuis")
    InboundMessage.objects.create(message_id=f"<{tag}@example.org>", help_request=hr, sender=f"{tag.lower()}@example.org",
                                  subject=f"{tag} onderwerp", attachments=[
                                      {"name": f"{tag}-brief.pdf", "content_type": "application/pdf", "size": 1234,
                                       "path": f"inbound/{tag}-secret-path.pdf"}])
    OutgoingMail.objects.create(kind="acknowledgement", reference=hr.reference, to=f"{tag.lower()}@example.org",
                                subject=f"{tag} ontvangen", body=f"{tag} body with a link /volg/SECRET{tag}",
                                failed_at=timezone.now())
    UrgencyChange.objects.create(help_request=hr, changed_by=coordinator, old_urgency="regular", new_urgency="urgent",
                                 reason=f"{tag} deurwaarder")
    AnotherSupporterRequest.objects.create(help_request=hr, reason=f"{tag} klikt niet", source="staff")
    SupporterExclusion.objects.create(help_request=hr, supporter=ended.supporter)
    ReminderSent.objects.create(help_request=hr, kind="overdue", due=received + timedelta(days=14))
    # The case file
    casework.update_case_file(hr, by=supporter, clarified_question=f"{tag} verduidelijkt", goals=f"{tag} doel",
                              hidden_questions=f"{tag} verborgen")
    contact = Contact.objects.create(help_request=hr, kind="phone", minutes=25, note=f"{tag} verslag",
                                     occurred_at=received + timedelta(days=1), logged_by=supporter)
    contact.supporters.add(supporter)
    GuidelineExceedance.objects.create(help_request=hr, reason="complexity", explanation=f"{tag} complex",
                                       minutes_at_time=700, guideline_hours=10, recorded_by=supporter)
    assessment = SelfSufficiencyAssessment.objects.create(help_request=hr, note=f"{tag} zrm", assessed_by=supporter)
    assessment.scores.create(domain="finances", level=2)
    appointment = Appointment.objects.create(help_request=hr, starts_at=timezone.now() + timedelta(days=2),
                                             location=f"{tag} wijkcentrum", note=f"{tag} afspraak", created_by=supporter)
    appointment.supporters.add(supporter)
    SupportAction.objects.create(help_request=hr, kind="objection", description=f"{tag} bezwaar",
                                 counterpart=f"{tag} gemeente", recorded_by=supporter)
    Referral.objects.create(help_request=hr, service=map_factories.service(f"Schuldhulp {tag}"),
                            service_name=f"Schuldhulp {tag}", kind="warm", note=f"{tag} verwezen", referred_by=supporter)
    Signal.objects.create(help_request=hr, theme="waiting_list", text=f"{tag} wachtlijst", recorded_by=supporter)
    casework.add_document(hr, title=f"{tag} besluit",
                          upload=SimpleUploadedFile("besluit.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
                          by=supporter)
    OtherHelper.objects.create(help_request=hr, name=f"{tag} wijkverpleging", role="wijkverpleegkundige")
    closing = Closing.objects.create(help_request=hr, outcome="answered", summary=f"{tag} afgerond", closed_by=supporter)
    SurveyInvitation.objects.create(closing=closing, token_hash=f"{tag}-survey-hash".ljust(64, "0"), delivery="email",
                                    expires_at=timezone.now() + timedelta(days=30))
    Reopening.objects.create(help_request=hr, reason=f"{tag} nieuwe brief", reopened_by=supporter)
    chain.append([dict(username=f"{tag.lower()}-reader", action="read", object_type="registry.helprequest",
                       object_id=str(hr.pk), object_label=hr.reference, client_id=hr.client_id)])
    casework.add_reminder(hr, by=supporter, due_on=timezone.localdate(), note=f"{tag} terugbellen")
    # An earlier record of the same resident, merged into this one.
    from naast.registry.models import Client

    earlier = Client.objects.create(display_name=f"{tag} oud record")
    ClientMerge.objects.create(kept=hr.client, merged=earlier, reason=f"{tag} zelfde telefoon", merged_by=coordinator)
    Client.objects.filter(pk=earlier.pk).update(merged_into=hr.client)
    return {"hr": hr, "client": hr.client, "follow_up_token": registration.follow_up_token}
