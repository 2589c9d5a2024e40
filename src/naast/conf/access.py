"""The access table: every URL of Naast, who may open it, and what everyone else gets.

One line per URL name (one rule covers the Django admin's generated pages). The kinds:

- `PUBLIC`: anyone, no login (the public site, the social map, the HSDS API).
- `TOKEN`: anyone holding the secret in the URL (the resident's follow-up link, the survey code,
  a supporter's calendar feed); without a valid secret: 404, and nothing is shown.
- `API_KEY`: the partner API; a request without a valid key: 401.
- `STAFF`: any logged-in staff member, whatever the role; anonymous visitors go to the login page.
- `roles(...)`: logged-in staff with one of these roles; other staff 403.
- `client_list(...)`: a page listing client-level data (or, for the privacy officer, one client's for the
  resident's right of access), for these roles; every other role 403, and
  what it lists is scoped by `naast.privacy.policy` (tested there).
- `client_object(need)`: one help request's data; `need` is what the policy asks: "view" (the
  request page and the triage page), "case_file", "correct", "resident" (the resident card: desk and
  coordinators of an organisation the resident has a request with, supporters assigned to one of
  their requests), "review_signal" (a coordinator of the
  request's organisation decides what of a signal may be shared). Who gets 200 and who 403 follows from the
  user's relation to the request (assigned supporter, coordinator of its organisation, ...), see
  `EXPECTED` in tests/privacy/test_access_table.py, which walks the whole URL map as thirteen
  kinds of user with real objects. A URL missing from this table fails that test.
- `ADMIN`: the functional administrator (role "Beheerder"); others are sent to the admin login. The
  admin itself refuses some actions to everyone (403: deleting reference data in use, a second
  service profile).
- `LOGIN`: a login page: shown to whoever is not logged in (or not allowed in), the others are sent on.
- `REDIRECT`: a page that only sends the visitor on (an old address, the language switch, the
  thank-you page without its confirmation).
- `NOTHING`: an address that answers 404 (an API's root).

`post_only` marks a page that only takes a form post: a GET answers 405 before anything is shown.

Every view that shows client data is marked `naast.privacy.decorators.client_data_view`, which
audits reads, changes and refusals; the test checks that the marks and this table agree.
docs/security.md explains the table to a reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DESK, SUPPORTER, COORDINATOR = "desk", "supporter", "coordinator"
FUNDER, AUDITOR, PRIVACY_OFFICER, ADMIN_ROLE = "funder", "auditor", "privacy_officer", "admin"


@dataclass(frozen=True)
class Access:
    kind: str
    roles: tuple[str, ...] = ()
    need: str = ""  # client_object: view | case_file | correct | resident | review_signal
    query: dict = field(default_factory=dict)  # query string the page needs to show anything
    post_only: bool = False  # answers GET with 405 once access is granted
    kwargs: dict = field(default_factory=dict)  # URL argument -> name of a sample object in the test


PUBLIC = Access("public")
TOKEN = Access("token")
API_KEY = Access("api_key")
STAFF = Access("staff")
ADMIN = Access("admin")
REDIRECT = Access("redirect")
LOGIN = Access("login")
NOTHING = Access("nothing")


def roles(*names: str, post_only: bool = False, query: dict | None = None, **kwargs) -> Access:
    return Access("roles", roles=names, post_only=post_only, kwargs=kwargs, query=query or {})


def client_list(*names: str) -> Access:
    return Access("client_list", roles=names)


def client_object(need: str, **kwargs) -> Access:
    return Access("client_object", need=need, kwargs=kwargs)


CASEWORK = (DESK, SUPPORTER, COORDINATOR)
REPORT_READERS = (FUNDER, AUDITOR, COORDINATOR, ADMIN_ROLE)
MAP_EDITORS = (COORDINATOR, ADMIN_ROLE)
QUALITY_EDITORS = (COORDINATOR, ADMIN_ROLE)  # the provider register, survey waves and awareness targets

ACCESS: dict[str, Access] = {
    # --- the public site ----------------------------------------------------------------------
    "core:home": PUBLIC,
    "organisations:theme-css": PUBLIC,
    "organisations:logo": PUBLIC,
    "core:privacy": PUBLIC,
    "core:accessibility": PUBLIC,
    "healthz": PUBLIC,
    "favicon": REDIRECT,  # to the static icon
    "set_language": REDIRECT,
    "intake:request_help": PUBLIC,
    "intake:thanks": REDIRECT,  # the confirmation comes with its signed cookie; without it, to the form
    "intake:follow_up_start": PUBLIC,
    "intake:follow_up": TOKEN,
    "casework:survey_start": PUBLIC,
    "casework:survey": TOKEN,
    "casework:ical": TOKEN,
    "socialmap:search": PUBLIC,
    "socialmap:detail": Access("public", kwargs={"pk": "service"}),
    "selftest:information": PUBLIC,
    "selftest:flyer": PUBLIC,
    "selftest:flyer_pdf": PUBLIC,
    "socialmap:feedback": Access("public", post_only=True),
    "socialmap:provider_check": TOKEN,
    "socialmap:corrections": roles(*MAP_EDITORS),
    # --- APIs -----------------------------------------------------------------------------------
    "partner-api:openapi-json": PUBLIC,
    "partner-api:api-root": NOTHING,
    "partner-api:create_referral": API_KEY,
    "partner-api:codes": API_KEY,
    "partner-api:referrals_get": API_KEY,  # a GET on the referrals: 405 in JSON (with a key)
    "hsds:openapi-json": PUBLIC,
    "hsds:info": PUBLIC,
    "hsds:api-root": PUBLIC,
    "hsds:services": PUBLIC,
    "hsds:service_detail": Access("public", kwargs={"service_id": "service"}),
    "hsds:organizations": PUBLIC,
    "hsds:organization_detail": Access("public", kwargs={"organization_id": "organization"}),
    "hsds:taxonomies": PUBLIC,
    "hsds:taxonomy_terms": PUBLIC,
    "hsds:service_at_locations": PUBLIC,
    "hsds:service_at_location_detail": Access("public", kwargs={"sal_id": "service_at_location"}),
    # --- every staff member -------------------------------------------------------------------
    "accounts:login": LOGIN,
    "accounts:logout": Access("staff", post_only=True),
    "accounts:verify": STAFF,
    "core:dashboard": STAFF,
    "accounts:two_factor": STAFF,
    "accounts:password_change": STAFF,
    "accounts:password_change_done": STAFF,
    # --- the front door -------------------------------------------------------------------------
    "intake:desk": client_list(*CASEWORK),
    "intake:quick_log": roles(*CASEWORK, post_only=True),
    "intake:queue": client_list(*CASEWORK),
    "intake:triage": client_object("view"),
    "intake:requests": client_list(*CASEWORK),
    "intake:request": client_object("view"),
    "intake:correct_request": client_object("correct"),
    "intake:letter": client_object("view"),
    "intake:resident": client_object("resident", number="client_number"),
    "intake:duplicates": client_list(COORDINATOR),
    "intake:merge": client_list(COORDINATOR),
    # --- case work ------------------------------------------------------------------------------
    "casework:caseload": client_list(SUPPORTER, COORDINATOR),
    "casework:case_meeting": client_list(SUPPORTER, COORDINATOR),
    "casework:calendar_settings": roles(SUPPORTER, COORDINATOR),
    "casework:refer": client_list(SUPPORTER, COORDINATOR),
    "casework:case_file": client_object("case_file"),
    "casework:edit_case_file": client_object("case_file"),
    "casework:contacts": client_object("case_file"),
    "casework:assessments": client_object("case_file"),
    "casework:appointments": client_object("case_file"),
    "casework:reminders": client_object("case_file"),
    "casework:support_actions": client_object("case_file"),
    "casework:referrals": client_object("case_file"),
    "casework:signals": client_object("case_file"),
    "casework:other_helpers": client_object("case_file"),
    "casework:documents": client_object("case_file"),
    "casework:close": client_object("case_file"),
    "casework:reopen": client_object("case_file"),
    "casework:correct": client_object("correct", kind="contact_kind", pk="contact"),
    "casework:signal_review": client_list(COORDINATOR),
    # Anonymous survey comments (no link to a resident), per month, for the coordinator.
    "casework:survey_comments": roles(COORDINATOR),
    "casework:signal_review_detail": client_object("review_signal", signal_id="signal"),
    # --- privacy --------------------------------------------------------------------------------
    "privacy:audit_log": roles(PRIVACY_OFFICER),
    "privacy:audit_log_export": roles(PRIVACY_OFFICER),
    "privacy:audit_verify": roles(PRIVACY_OFFICER, post_only=True),
    # The resident's right of access: one client's data, for the privacy officer alone.
    "privacy:client_export": client_list(PRIVACY_OFFICER),
    "privacy:client_export_json": client_list(PRIVACY_OFFICER),
    "privacy:client_export_pdf": client_list(PRIVACY_OFFICER),
    "privacy:client_export_zip": client_list(PRIVACY_OFFICER),
    "privacy:erasure": roles(PRIVACY_OFFICER),
    "privacy:legal_holds": roles(PRIVACY_OFFICER),
    # --- reports (aggregates only) --------------------------------------------------------------
    "reports:monitor": roles(*REPORT_READERS),
    "reports:download": roles(*REPORT_READERS, fmt="report_format", query={"period": "2025"}),
    # --- the self-test (the municipality's own answers and aggregates; no client data) --------------
    # Readers as for reports; funders only their own municipality (tests/selftest/test_access.py). It is
    # filled in by the municipality's policy officers (funders) or the functional administrator.
    "selftest:overview": roles(*REPORT_READERS),
    "selftest:report": roles(*REPORT_READERS, query={"jaar": "2025"}),
    "selftest:edit": roles(FUNDER, ADMIN_ROLE, query={"jaar": "2025"}),
    # One municipality's download and document: their samples are not in the walk (a funder of another
    # municipality gets 403, which this table cannot say); tests/selftest/test_access.py opens them as
    # every kind of user.
    "selftest:download": roles(*REPORT_READERS, fmt="selftest_format"),
    "selftest:document": roles(*REPORT_READERS, pk="selftest_document"),
    # --- the social map for staff -------------------------------------------------------------------
    "socialmap:staff_search": STAFF,
    "socialmap:staff_detail": Access("staff", kwargs={"pk": "service"}),
    "socialmap:todo": roles(*MAP_EDITORS),
    "socialmap:todo_old_address": REDIRECT,
    "socialmap:phrases": roles(*MAP_EDITORS),
    "socialmap:phrase_edit": roles(*MAP_EDITORS, pk="phrase"),
    "socialmap:concepts": roles(*MAP_EDITORS),
    "socialmap:concept_create": roles(*MAP_EDITORS),
    "socialmap:concept_edit": roles(*MAP_EDITORS, pk="concept"),
    "socialmap:search_statistics": roles(*MAP_EDITORS),
    "socialmap:staff_create": roles(*MAP_EDITORS),
    "socialmap:staff_edit": roles(*MAP_EDITORS, pk="service"),
    "socialmap:staff_hours": roles(*MAP_EDITORS, pk="service"),
    "socialmap:staff_closures": roles(*MAP_EDITORS, pk="service"),
    "socialmap:staff_location": roles(*MAP_EDITORS, pk="service"),
    "socialmap:staff_areas": roles(*MAP_EDITORS, pk="service"),
    "socialmap:staff_verify": roles(*MAP_EDITORS, post_only=True, pk="service"),
    "socialmap:staff_archive": roles(*MAP_EDITORS, pk="service"),
    # --- the provider register (no client data) -----------------------------------------------------
    # The public page answers 404 unless NAAST_PUBLIC_PROVIDER_REGISTER is on; then it is PUBLIC
    # (tests/providers/test_pages.py opens it both ways).
    "providers:public": NOTHING,
    "providers:overview": roles(*REPORT_READERS),
    "providers:export": roles(*REPORT_READERS),
    "providers:history": roles(*REPORT_READERS),
    "providers:add": roles(*QUALITY_EDITORS),
    "providers:edit": roles(*QUALITY_EDITORS, pk="provision"),
    # --- awareness surveys (aggregates of anonymous answers) ----------------------------------------
    "awareness:report": roles(*REPORT_READERS),
    "awareness:download": roles(*REPORT_READERS, fmt="report_format"),
    "awareness:waves": roles(*QUALITY_EDITORS),
    "awareness:wave_edit": roles(*QUALITY_EDITORS, pk="wave"),
    "awareness:targets": roles(*QUALITY_EDITORS),
}

# The Django admin generates its pages per model: one rule for its whole namespace, and its own
# login and logout.
ACCESS.update({
    "admin:login": Access("admin_login"),
    "admin:logout": Access("admin", post_only=True),
})
NAMESPACE_RULES: dict[str, Access] = {
    "admin": ADMIN,
}


def access_for(url_name: str) -> Access | None:
    """The line of the table for a URL name, or None when the URL is missing from it."""
    if url_name in ACCESS:
        return ACCESS[url_name]
    return NAMESPACE_RULES.get(url_name.split(":", 1)[0])
