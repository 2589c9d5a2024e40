"""Markers for views, so tests can find every view that shows client data and check it."""

from functools import wraps

from django.contrib.auth.decorators import login_required


def client_data_view(view):
    """Marks a view as showing client-level data; implies login and no caching (`no_store`: its
    responses say `Cache-Control: no-store, private`, see naast.core.middleware.NoStoreMiddleware).
    The view itself must call `naast.privacy.policy` (a `get_*_for` or `visible_*` function plus
    the audit log); the tests walk every URL with this mark and check that funders get 403, reads
    are audited and nothing is cached."""
    wrapped = login_required(view)

    @wraps(view)
    def inner(request, *args, **kwargs):
        return wrapped(request, *args, **kwargs)

    inner.client_data = True
    inner.no_store = True
    return inner
