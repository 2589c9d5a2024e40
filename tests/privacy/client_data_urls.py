"""Find every URL whose view is marked `client_data_view`, with sample arguments filled in."""

from django.urls import URLPattern, URLResolver, get_resolver


def client_data_patterns():
    """(route, view name) of every URL pattern whose view shows client-level data."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "client_data", False):
                name = ":".join(filter(None, [namespace, pattern.name]))
                found.append((prefix + str(pattern.pattern), name, pattern))

    walk(get_resolver().url_patterns, "", "")
    return found


def sample_url(pattern_name, pattern, samples: dict) -> str:
    """Reverse a pattern with arguments from `samples` (argument name -> value)."""
    from django.urls import reverse

    names = list(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else []
    kwargs = {name: samples[name] for name in names}
    return reverse(pattern_name, kwargs=kwargs)
