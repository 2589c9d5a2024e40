"""Markers for views, so tests can find every view that shows client data and check it."""

from functools import wraps

from django.contrib.auth.decorators import login_required


def client_data_view(view):
    """Marks a view as showing client-level data; implies login. The view itself must call
    `naast.privacy.policy` (a `get_*_for` or `visible_*` function plus the audit log);
    the tests walk every URL with this mark and check that funders get 403 and reads are audited."""
    wrapped = login_required(view)

    @wraps(view)
    def inner(request, *args, **kwargs):
        return wrapped(request, *args, **kwargs)

    inner.client_data = True
    return inner
