"""Markers for views, so tests can find every view that shows client data and check it."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from . import policy

SAVED_STATUSES = (301, 302, 303)


def client_data_view(view):
    """Marks a view as showing client-level data; implies login. The view itself must call
    `naast.privacy.policy` (a `get_*_for` or `visible_*` function plus the audit log); the tests
    walk every URL with this mark and check that funders get 403 and reads are audited.

    The audit rows the view writes are kept until it ends: a POST answered with the form again
    (not a redirect) saved nothing, so its "change" rows are written as reads; a refusal (403)
    is written as a refused attempt, also when the view refused before naming a request. The mark
    also keeps the response out of every cache (`naast.core.middleware.NoStoreMiddleware`)."""

    @wraps(view)
    def audited(request, *args, **kwargs):
        policy.start_audit(request)
        try:
            response = view(request, *args, **kwargs)
        except PermissionDenied:
            policy.finish_audit(request, saved=False)
            if not getattr(request, "naast_refusal_audited", False):
                policy.refuse(request, None, "not allowed")
            raise
        except Exception:
            policy.finish_audit(request, saved=False)
            raise
        saved = request.method not in ("POST", "PUT", "PATCH", "DELETE") or response.status_code in SAVED_STATUSES
        policy.finish_audit(request, saved=saved)
        return response

    inner = login_required(audited)
    inner.client_data = True
    return inner
