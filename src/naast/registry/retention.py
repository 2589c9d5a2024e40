"""The registry's part of retention and the data inventory (`naast.core.extensions`, "retention.py").

A client and a help request keep their rows and every field a report counts (dates, status,
urgency, municipality, district, life domains, target group, channel, outcome, minutes); what the
resident told and how to reach them is blanked. The outbox (`naast.core`, which cannot know help
requests) is cleared here too: its messages name a request by reference.
"""

from django.db.models import Q

from naast.core.extensions import NotPersonal, Personal
from naast.core.models import OutgoingMail

from . import lifecycle
from .models import Assignment, Client, ClientMerge, Correction, HelpRequest

# Shown wherever a page names an anonymised resident; a dash reads the same in every language.
ANONYMISED_NAME = "—"

CASEWORK = "desk, the coordinators of the request's organisation, the assigned supporters"
CASE_FILE = "the coordinators of the request's organisation, the assigned supporters"

PERSONAL_FIELDS = {
    "Client.display_name": Personal("to address the resident (a first name, initials or a pseudonym)", CASEWORK,
                                    "replaced by a dash after the retention period and on erasure"),
    "Client.full_name": Personal("to recognise a returning resident and for letters", CASEWORK),
    "Client.phone": Personal("to reach the resident", CASEWORK),
    "Client.email": Personal("to reach the resident; the confirmation and the survey invitation", CASEWORK),
    "Client.postcode": Personal("to find the district and a returning resident", CASEWORK),
    "Client.preferred_language": Personal("to talk with the resident in their language", CASEWORK),
    "Client.phone_key": Personal("the phone number in one form (E.164), for the look-up and the duplicate finder",
                                 CASEWORK, "follows the phone number: blanked with it"),
    "Client.email_key": Personal("the e-mail address in lower case, for the look-up and the duplicate finder",
                                 CASEWORK, "follows the e-mail address: blanked with it"),
    "Client.postcode_key": Personal("the postcode without spaces, for the look-up and the duplicate finder",
                                    CASEWORK, "follows the postcode: blanked with it"),
    # Not blanked in place: the rows go when the names are blanked (`Client.objects.update()` rewrites
    # them from the blanked names; tests/intake/test_lookup_index.py).
    "ClientNameWord.word": Personal("a word of the resident's names in lower case without accents, for the look-up",
                                    CASEWORK, "follows the names: the rows are removed when the names are blanked",
                                    by_retention=False),
    "Client.external_key_hash": Personal("to link a client imported from an earlier system (a salted hash)",
                                         "nobody (used by imports)"),
    "HelpRequest.reference": NotPersonal("a random reference; the key that audit rows and reports name"),
    "HelpRequest.channel": NotPersonal("a code (reports)"),
    "HelpRequest.referrer": NotPersonal("a code (reports)"),
    "HelpRequest.urgency": NotPersonal("a code (reports)"),
    "HelpRequest.status": NotPersonal("a code (reports)"),
    "HelpRequest.outcome": NotPersonal("a code (reports)"),
    "HelpRequest.life_domain_key": NotPersonal("the ids of the request's life domains (reports)"),
    "HelpRequest.question": Personal("the question in the resident's own words", CASEWORK),
    "HelpRequest.closing_summary": Personal("what the support achieved, in the supporter's words", CASE_FILE),
    "Assignment.end_reason": Personal("why a supporter stopped (may name the resident's wish)", CASE_FILE),
    "Correction.subject": NotPersonal("a code"),
    "Correction.field": NotPersonal("a code"),
    "Correction.field_label": NotPersonal("the name of the corrected field"),
    "Correction.old_value": Personal("the value before a correction (may be the resident's name or question)",
                                     "those who see the request"),
    "Correction.new_value": Personal("the value after a correction", "those who see the request"),
    "Correction.reason": Personal("why a fact was corrected, in the staff member's words",
                                  "those who see the request"),
    "ClientMerge.reason": Personal("why two client records were taken to be one person, in the coordinator's words",
                                   "the coordinators"),
    "ClientMerge.moved_requests": NotPersonal("the ids of the help requests a merge moved (for its undo)"),
}


def anonymise_registry(request_ids, client_ids) -> dict[str, int]:
    requests = HelpRequest.objects.filter(pk__in=request_ids)
    counts = {
        "help requests": requests.exclude(question="").update(question=""),
        "closing summaries": lifecycle.forget_closing_summaries(requests),
        "assignment reasons": Assignment.objects.filter(help_request__in=request_ids).exclude(end_reason="")
        .update(end_reason=""),
        "corrections": Correction.objects.filter(help_request__in=request_ids).update(
            old_value="", new_value="", reason=""),
        "merge reasons": ClientMerge.objects.filter(Q(kept__in=client_ids) | Q(merged__in=client_ids))
        .exclude(reason="").update(reason=""),
        "clients": Client.objects.filter(pk__in=client_ids).update(
            display_name=ANONYMISED_NAME, full_name="", phone="", email="", postcode="", birth_year=None,
            preferred_language="", external_key_hash=""),
    }
    references = requests.values_list("reference", flat=True)
    counts["outgoing e-mails"] = OutgoingMail.objects.filter(Q(reference__in=list(references))).delete()[0]
    return counts


ANONYMISE = [anonymise_registry]
