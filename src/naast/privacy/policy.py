"""Need-to-know: the one place that decides who may see and change which client data.

Every view that shows client-level data calls a function here; none checks roles itself.
The `get_*_for` functions check the policy *and* write the audit row, so a view cannot do one
without the other. The rules (docs/domain.md §2, "when in doubt, show less"):

- Only the casework roles (desk, supporter, coordinator) ever see client-level data.
  Funders, auditors, administrators and privacy officers see aggregates only (the privacy officer
  exports one resident's whole file when that resident asks, below); being a Django
  superuser grants nothing here. Municipal staff (an indicatiesteller, anyone employed by a
  municipality) see none even when an account wrongly holds such a role
  (`naast.accounts.independence`; `naast check` names those accounts).
- A supporter sees the help requests they are actively assigned to (alone or as a duo).
- A coordinator sees the help requests of their own member organisation, and the shared
  front-door queue (requests not yet given to an organisation).
- The desk sees the same requests as a coordinator, to register and answer follow-ups, but
  not the case file (contacts, assessments, notes); it may change a request only while it is
  still in intake (status "received").
- Desk and coordinators may look up any client by name, phone, e-mail or reference, so that a
  returning resident is linked and never registered twice; every look-up is audited.
- The resident's right of access (AVG art. 15) is the privacy officer's: they export everything
  held about one client, found by any of their help requests' references; every export audited.
- A signal's words leave the case file only after a coordinator of the request's organisation
  approved the text to share; reading a signal for review and deciding on it are audited.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from naast.accounts import independence
from naast.accounts.roles import CASEWORK_ROLES, Role
from naast.registry.choices import Status
from naast.registry.models import Assignment, Client, HelpRequest

from . import chain
from .models import AuditEvent

Action = AuditEvent.Action


# --- who may do what --------------------------------------------------------------------------
def sees_client_data(user) -> bool:
    """Whether the user may see any client-level data at all. Every other question here starts
    with this one."""
    return bool(
        user and user.is_authenticated and user.has_role(*CASEWORK_ROLES) and independence.is_independent(user)
    )


def visible_help_requests(user, queryset: QuerySet | None = None) -> QuerySet:
    """The help requests `user` may see, as a filter on `queryset` (default: all)."""
    queryset = HelpRequest.objects.all() if queryset is None else queryset
    if not sees_client_data(user):
        return queryset.none()
    condition = Q(pk__in=[])
    if user.has_role(Role.COORDINATOR, Role.DESK):
        condition |= Q(organisation__isnull=True)
        if user.organisation_id:
            condition |= Q(organisation_id=user.organisation_id)
    if user.has_role(Role.SUPPORTER):
        active = Assignment.objects.filter(help_request=OuterRef("pk"), supporter=user, ended_at__isnull=True)
        condition |= Exists(active)
    return queryset.filter(condition)


def assigned_help_requests(user, queryset: QuerySet | None = None) -> QuerySet:
    """The help requests `user` is actively assigned to as a supporter (alone or in a duo): their
    own work, e.g. the appointments in their calendar feed. Nothing once the assignment ended."""
    queryset = HelpRequest.objects.all() if queryset is None else queryset
    if not (sees_client_data(user) and user.has_role(Role.SUPPORTER)):
        return queryset.none()
    active = Assignment.objects.filter(help_request=OuterRef("pk"), supporter=user, ended_at__isnull=True)
    return queryset.filter(Exists(active))


def can_view_help_request(user, help_request: HelpRequest) -> bool:
    return visible_help_requests(user, HelpRequest.objects.filter(pk=help_request.pk)).exists()


def can_view_case_file(user, help_request: HelpRequest) -> bool:
    """The case file (contacts, assessments, notes) is for the supporters and the coordinator."""
    if not sees_client_data(user):
        return False
    if user.has_role(Role.SUPPORTER) and help_request.assignments.filter(supporter=user, ended_at__isnull=True).exists():
        return True
    return user.has_role(Role.COORDINATOR) and _in_coordinators_scope(user, help_request)


def can_change_help_request(user, help_request: HelpRequest) -> bool:
    if not sees_client_data(user):
        return False
    if user.has_role(Role.COORDINATOR) and _in_coordinators_scope(user, help_request):
        return True
    if user.has_role(Role.SUPPORTER) and help_request.assignments.filter(supporter=user, ended_at__isnull=True).exists():
        return True
    return (
        user.has_role(Role.DESK)
        and help_request.status == Status.RECEIVED
        and _in_coordinators_scope(user, help_request)
    )


def can_correct(user, help_request: HelpRequest) -> bool:
    """Corrections of what was recorded (docs/domain.md §4) are for the coordinator of the request's
    organisation and the supporters assigned to it, also after it was closed; not for the desk."""
    if not sees_client_data(user):
        return False
    if user.has_role(Role.COORDINATOR) and _in_coordinators_scope(user, help_request):
        return True
    return user.has_role(Role.SUPPORTER) and help_request.assignments.filter(
        supporter=user, ended_at__isnull=True).exists()


def can_manage_queue(user) -> bool:
    """Triage and assignment are the coordinator's."""
    return sees_client_data(user) and user.has_role(Role.COORDINATOR)


def works_on_cases(user) -> bool:
    """Supporters and coordinators: case files, referrals, the case meeting."""
    return sees_client_data(user) and user.has_role(Role.SUPPORTER, Role.COORDINATOR)


def can_register_requests(user) -> bool:
    return sees_client_data(user) and user.has_role(Role.DESK, Role.COORDINATOR, Role.SUPPORTER)


def can_look_up_clients(user) -> bool:
    return sees_client_data(user) and user.has_role(Role.DESK, Role.COORDINATOR)


def visible_clients(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Client.objects.all() if queryset is None else queryset
    if can_look_up_clients(user):
        return queryset
    if not sees_client_data(user):
        return queryset.none()
    return queryset.filter(help_requests__in=visible_help_requests(user)).distinct()


def can_view_resident(user, client: Client) -> bool:
    """The resident card (all of one resident's requests, contact details, consents) is need-to-know
    like a case file: the desk and coordinators of an organisation the resident has a request with
    (or with a request still in the shared queue), and the supporters assigned to one of their
    requests. Looking a resident up (`can_look_up_clients`) does not open their card."""
    if client is None or not sees_client_data(user):
        return False
    return visible_help_requests(user, HelpRequest.objects.filter(client=client)).exists()


def can_merge_clients(user) -> bool:
    """Merging two client records of one person (and undoing it) is the coordinator's: it moves
    requests between residents, so it needs someone who sees the requests of their organisation."""
    return sees_client_data(user) and user.has_role(Role.COORDINATOR)


def can_read_survey_comments(user) -> bool:
    """The residents' comments in the anonymous survey, per month, for a coordinator of the member
    organisation they were given about (no link to a resident or a request exists to show)."""
    return sees_client_data(user) and user.has_role(Role.COORDINATOR) and bool(user.organisation_id)


def can_read_audit_log(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.PRIVACY_OFFICER))


def can_export_client_data(user) -> bool:
    """The resident's right of access: the privacy officer exports everything held about one client
    (`naast.privacy.client_export`). Nobody else may, whatever else they see."""
    return bool(user and user.is_authenticated and user.has_role(Role.PRIVACY_OFFICER)
                and independence.is_independent(user))
def can_erase_clients(user) -> bool:
    """Erasure on a resident's request and legal holds are the privacy officer's (AVG art. 17, 18):
    they see client numbers and references for it, never a name or a text."""
    return bool(user and user.is_authenticated and user.has_role(Role.PRIVACY_OFFICER))


def can_review_signals(user) -> bool:
    """Which words of a signal may be shared is decided by a coordinator of the request's
    organisation (docs/domain.md §2); a coordinator without an organisation reviews nothing."""
    return sees_client_data(user) and user.has_role(Role.COORDINATOR) and bool(user.organisation_id)


def signals_to_review(user, queryset: QuerySet) -> QuerySet:
    """The signals of `queryset` (case work's, passed in: this module does not import case work)
    that `user` reviews: those recorded on help requests of their own organisation."""
    if not can_review_signals(user):
        return queryset.none()
    return queryset.filter(help_request__organisation_id=user.organisation_id)


def _in_coordinators_scope(user, help_request: HelpRequest) -> bool:
    return help_request.organisation_id is None or help_request.organisation_id == user.organisation_id


# --- checked access, always audited ------------------------------------------------------------
def get_help_request_for(
    request: HttpRequest, reference: str, action: str = Action.READ, reason: str = "", case_file: bool = False,
    correct: bool = False,
) -> HelpRequest:
    """The help request with `reference` if the user may see (or change, or `correct`) it; audited.

    Raises PermissionDenied (403) when the user may not; Http404 when it does not exist.
    """
    user = request.user
    if not sees_client_data(user):
        refuse(request, None, "no client-data role")
        raise PermissionDenied
    try:
        help_request = HelpRequest.objects.select_related(
            "client", "municipality", "district", "organisation", "target_group"
        ).get(reference=reference)
    except HelpRequest.DoesNotExist as exc:
        raise Http404 from exc
    if correct:
        allowed = can_correct(user, help_request)
    elif action in (Action.CHANGE, Action.DELETE):
        allowed = can_change_help_request(user, help_request)
    else:
        allowed = can_view_case_file(user, help_request) if case_file else can_view_help_request(user, help_request)
    if not allowed:
        refuse(request, help_request, _refusal_reason(user, help_request))
        raise PermissionDenied
    record(request, action, help_request, reason=reason)
    return help_request


def get_client_for(request: HttpRequest, pk: int, action: str = Action.READ, reason: str = "") -> Client:
    user = request.user
    if not sees_client_data(user):
        refuse(request, None, "no client-data role")
        raise PermissionDenied
    client = visible_clients(user).filter(pk=pk).first()
    if client is None:
        existing = Client.objects.filter(pk=pk).first()
        if existing is not None:
            refuse(request, existing, "not in scope")
            raise PermissionDenied
        raise Http404
    record(request, action, client, reason=reason)
    return client


def get_resident_for(request: HttpRequest, pk: int, reason: str = "resident card") -> Client:
    """The client `pk` for their resident card if the user may see it (`can_view_resident`); the
    read is audited on the client, a refusal too. Raises PermissionDenied (403) or Http404."""
    user = request.user
    if not sees_client_data(user):
        refuse(request, None, "no client-data role")
        raise PermissionDenied
    client = Client.objects.select_related("municipality").filter(pk=pk).first()
    if client is None:
        raise Http404
    if not can_view_resident(user, client):
        refuse(request, client, "no request of this resident in scope")
        raise PermissionDenied
    record(request, Action.READ, client, reason=reason)
    return client


def get_help_request_for_export(request: HttpRequest, reference: str, action: str = Action.READ,
                                reason: str = "right of access") -> HelpRequest:
    """The help request with `reference` (and its client) for the resident's right of access, if the
    user may export client data (`can_export_client_data`); audited on the client.

    Raises PermissionDenied (403) before looking anything up when the user may not, so a refused
    user learns nothing about which references exist; Http404 when there is no such request with a
    client."""
    if not can_export_client_data(request.user):
        raise PermissionDenied
    help_request = HelpRequest.objects.select_related("client").filter(
        reference=reference, client__isnull=False).first()
    if help_request is None:
        raise Http404
    record(request, action, help_request.client, reason=reason)
    return help_request


def get_signal_for_review(request: HttpRequest, queryset: QuerySet, pk: int, action: str = Action.READ,
                          reason: str = "signal review"):
    """The signal `pk` of `queryset` if the user reviews it (`can_review_signals`, own organisation); audited.

    Raises PermissionDenied (403) when the user may not; Http404 when it does not exist.
    """
    user = request.user
    if not can_review_signals(user):
        raise PermissionDenied
    signal = queryset.select_related("help_request__client", "help_request__organisation").filter(pk=pk).first()
    if signal is None:
        raise Http404
    if signal.help_request.organisation_id != user.organisation_id:
        raise PermissionDenied
    record(request, action, signal, reason=reason)
    return signal


def require(allowed: bool) -> None:
    """Raise 403 unless `allowed`; for views that gate a whole screen on a policy question. A
    `client_data_view` audits the refusal (see `naast.privacy.decorators`)."""
    if not allowed:
        raise PermissionDenied


def _refusal_reason(user, help_request: HelpRequest) -> str:
    """Why a user who sees client data may not open this request: a code for the audit log."""
    if user.has_role(Role.SUPPORTER) and not user.has_role(Role.COORDINATOR, Role.DESK):
        return "not assigned"
    if help_request.organisation_id and help_request.organisation_id != user.organisation_id:
        return "other organisation"
    return "not allowed"


# --- the audit log -----------------------------------------------------------------------------
def _describe(obj) -> tuple[str, str, str, int | None]:
    """(object_type, object_id, label, client_id) for an audited object, without personal data."""
    object_type = obj._meta.label_lower
    if isinstance(obj, HelpRequest):
        return object_type, str(obj.pk), obj.reference, obj.client_id
    if isinstance(obj, Client):
        return object_type, str(obj.pk), f"#{obj.pk}", obj.pk
    help_request = getattr(obj, "help_request", None)
    if isinstance(help_request, HelpRequest):
        return object_type, str(obj.pk), help_request.reference, help_request.client_id
    client = getattr(obj, "client", None)
    return object_type, str(obj.pk), "", client.pk if isinstance(client, Client) else None


def _actor(request_or_user):
    user = getattr(request_or_user, "user", request_or_user)
    path = getattr(request_or_user, "path", "") or ""
    return user, path


def record(request_or_user, action: str, obj, reason: str = "", actor: str = "") -> None:
    """Audit `action` on `obj` by the request's user (or a user; for a resident or a command
    without one, `actor` names who: "web form", "e-mail intake"). Inside a `client_data_view`
    the row is written when the view ends, so that a change the form refused is not logged as one."""
    user, path = _actor(request_or_user)
    _write(request_or_user, [_event_fields(user, path, action, obj, reason, actor)])


def record_many(request_or_user, action: str, objects: Iterable, reason: str = "") -> int:
    """One audit row per object, in one query (list pages, exports)."""
    user, path = _actor(request_or_user)
    events = [_event_fields(user, path, action, obj, reason) for obj in objects]
    _write(request_or_user, events)
    return len(events)


def record_other(request_or_user, action: str, object_type: str, object_id: str, label: str, reason: str = "",
                 actor: str = "") -> None:
    """Audit an action on something that is not a model instance (e.g. exporting the audit log)."""
    user, path = _actor(request_or_user)
    _write(request_or_user, [_event_fields(user, path, action, (object_type, object_id, label, None), reason, actor)])


def refuse(request_or_user, obj, reason: str) -> None:
    """Audit a refused attempt on client data (who, what, when, why), at once: the 403 follows."""
    user, path = _actor(request_or_user)
    target = obj if obj is not None else ("", "", "", None)
    chain.append([_event_fields(user, path, Action.REFUSED, target, reason)])
    if hasattr(request_or_user, "META"):
        request_or_user.naast_refusal_audited = True


# A view's audit rows wait until it ends (`naast.privacy.decorators.client_data_view`).
NOT_SAVED = "not saved"
_CHANGES = (Action.CREATE, Action.CHANGE, Action.DELETE)


def start_audit(request: HttpRequest) -> None:
    request.naast_audit = []


def finish_audit(request: HttpRequest, *, saved: bool) -> None:
    """Write the view's audit rows. When the change was not saved (the form showed errors, or the
    view failed), a row that said "change" says "read, not saved": the page was opened again."""
    events = getattr(request, "naast_audit", None) or []
    request.naast_audit = None
    if not saved:
        events = [{**e, "action": Action.READ, "reason": f"{NOT_SAVED}: {e['reason']}".strip(": ")[:300]}
                  if e["action"] in _CHANGES else e for e in events]
    chain.append(events)


def _write(request_or_user, events: list[dict]) -> None:
    pending = getattr(request_or_user, "naast_audit", None)
    if pending is not None:
        pending.extend(events)
    else:
        chain.append(events)


def _event_fields(user, path: str, action: str, obj, reason: str, actor: str = "") -> dict:
    object_type, object_id, label, client_id = obj if isinstance(obj, tuple) else _describe(obj)
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return {
        "user": user if authenticated else None,
        "username": user.get_username() if authenticated else (actor or "system")[:150],
        "roles": ",".join(sorted(user.roles)) if authenticated else "",
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_label": label[:100],
        "client_id": client_id,
        "reason": reason[:300],
        "path": path[:300],
    }
