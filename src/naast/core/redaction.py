"""What a log line may say: no secrets from URLs, no query values, no e-mail addresses or phone numbers.

One function decides for every log line, `redact_text` (with `redact_path` for one address):

- **Secrets in URLs.** A URL pattern whose keyword argument is named `token`, `code` or `key` (or
  ends in `_token`, `_code`, `_key`) carries a secret: the follow-up link, the calendar feed, the
  survey code. In a logged path the argument's value is replaced by `[redacted]`
  (`/ical/[redacted].ics`). A path that only starts like such a URL (a mistyped or cut-off link,
  `/ical/<token>` without `.ics`) keeps the part before the secret and loses the rest. A new
  tokenised URL is covered by naming its argument so; nothing else needs to change.
- **Query strings.** Values are dropped; lower-case parameter names are kept (`/kaart/?q&page`),
  any other name becomes `[redacted]`.
- **Personal data.** In messages of Naast's own loggers (`naast.*`) and in every traceback,
  e-mail addresses become `[e-mail]` and phone numbers `[phone]`.

`RedactingFilter` applies this to every log record: it sits on the console handler (so everything
written passes it) and on Django's `django.request`, `django.security` and `django.server` loggers
(settings.LOGGING).
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

import phonenumbers
from django.http import HttpRequest

MARKER = "[redacted]"
EMAIL_MARKER = "[e-mail]"
PHONE_MARKER = "[phone]"
SECRET_NAMES = ("token", "code", "key")

# A path in free text: starts with "/" (or a full http(s) URL), not inside a word ("text/html") or
# a longer path; ends at white space, a quote or an angle bracket.
_PATH_IN_TEXT = re.compile(r"""(?<![\w/.\-~%])(?P<origin>https?://[^/\s"'<>]+)?(?P<path>/[^\s"'<>]*)""")
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+")
_PARAMETER_NAME = re.compile(r"[a-z_][a-z0-9_]{0,39}")
# Eight digits or more, with at most two separators between them: anything less is no phone
# number (short numbers aside), and the phone number matcher is not asked about a request id.
_PHONE_CANDIDATE = re.compile(r"(?:\d[\s().\-/]{0,2}){8,}")


def is_secret_name(name: str) -> bool:
    """True for a URL keyword argument that carries a secret (see the module's docstring)."""
    return name in SECRET_NAMES or any(name.endswith(f"_{secret}") for secret in SECRET_NAMES)


class _SecretRoute:
    """One tokenised URL pattern: the regular expression of its whole path, and the one of the
    part before its first secret argument."""

    def __init__(self, name: str, full: str, secret_groups: list[str]):
        self.name = name  # the view's name with its namespaces, e.g. "intake:follow_up"
        self.full = re.compile(full)
        self.secret_groups = secret_groups
        first = min(full.index(f"(?P<{name}>") for name in secret_groups)
        try:
            self.prefix = re.compile(full[:first])
        except re.error:  # the secret sits inside another group: only whole paths are recognised
            self.prefix = None

    def redact(self, path: str, complete: bool) -> str | None:
        if complete:
            match = self.full.match(path)
            if match is None:
                return None
            spans = sorted((match.span(name) for name in self.secret_groups if match.group(name)), reverse=True)
            for start, end in spans:
                path = path[:start] + MARKER + path[end:]
            return path
        match = self.prefix.match(path) if self.prefix is not None else None
        if match is None or match.end() >= len(path):
            return None
        return path[: match.end()] + MARKER


def _walk(patterns, prefix: str, namespaces: tuple[str, ...] = ()):
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        try:
            source = entry.pattern.regex.pattern
        except Exception:  # a pattern type without a regular expression: nothing to learn from it
            continue
        source = prefix + source.removeprefix("^")
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, source, inner)
        elif isinstance(entry, URLPattern):
            secret = [name for name in entry.pattern.regex.groupindex if is_secret_name(name)]
            if secret:
                yield ":".join((*namespaces, entry.name or "")), source, secret


@lru_cache(maxsize=8)
def _secret_routes(urlconf: str) -> tuple[_SecretRoute, ...]:
    from django.urls import get_resolver

    routes = []
    for name, source, secret in _walk(get_resolver(urlconf).url_patterns, "^/"):
        try:
            routes.append(_SecretRoute(name, source, secret))
        except (re.error, ValueError):
            continue
    return tuple(routes)


_building = threading.local()


def secret_routes() -> tuple[_SecretRoute, ...] | None:
    """The tokenised URL patterns of the URL map in use, or None while they cannot be known (the
    URL map itself is being imported, or fails to): callers then redact conservatively."""
    from django.conf import settings
    from django.urls import get_urlconf

    if getattr(_building, "active", False):
        return None
    _building.active = True
    try:
        return _secret_routes(get_urlconf() or settings.ROOT_URLCONF)
    except Exception:
        return None
    finally:
        _building.active = False


def _script_prefix() -> str:
    from django.urls import get_script_prefix

    return get_script_prefix().rstrip("/")


def _redact_query(query: str) -> str:
    names = []
    for part in query.split("&"):
        if not part:
            continue
        name = part.split("=", 1)[0]
        names.append(name if _PARAMETER_NAME.fullmatch(name) else MARKER)
    return "?" + "&".join(dict.fromkeys(names)) if names else ""


def redact_path(path: str) -> str:
    """A request path as a log line may show it: secrets of tokenised URLs replaced by `[redacted]`,
    query values dropped (see the module's docstring)."""
    path, _hash, _fragment = path.partition("#")
    path, question, query = path.partition("?")
    redacted_query = _redact_query(query) if question else ""
    prefix = _script_prefix()
    script, local = (prefix, path[len(prefix):]) if prefix and path.startswith(prefix + "/") else ("", path)
    routes = secret_routes()
    if routes is None:
        # Without the URL map, keep only the first segment.
        head, sep, rest = local.lstrip("/").partition("/")
        local = "/" + head + (sep + MARKER if rest else sep)
    else:
        for complete in (True, False):
            found = next((r for route in routes if (r := route.redact(local, complete)) is not None), None)
            if found is not None:
                local = found
                break
    return script + local + redacted_query


def _redact_paths(text: str) -> str:
    if "/" not in text:
        return text
    return _PATH_IN_TEXT.sub(lambda m: (m.group("origin") or "") + redact_path(m.group("path")), text)


def _redact_phones(text: str) -> str:
    if not _PHONE_CANDIDATE.search(text):
        return text
    pieces, last = [], 0
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        # The matcher takes an opening bracket along ("(06 12345678)"); keep it when it has no pair.
        start = match.start + (match.raw_string.startswith("(") and ")" not in match.raw_string)
        pieces += [text[last:start], PHONE_MARKER]
        last = match.end
    return "".join(pieces) + text[last:] if pieces else text


def redact_text(text: str, personal: bool = False) -> str:
    """Free text for a log line: every path in it through `redact_path`; with `personal`, also no
    e-mail addresses or phone numbers."""
    text = _redact_paths(text)
    if personal:
        text = _redact_phones(_EMAIL.sub(EMAIL_MARKER, text))
    return text


# Attributes every LogRecord has; anything else on a record came in through `extra`.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class RedactingFilter(logging.Filter):
    """Redacts a log record in place, before any formatter sees it (see the module's docstring).

    The message is formatted once and redacted (its arguments are then dropped); string values
    passed with `extra` are redacted the same way; Django's `request` (an HttpRequest, or the
    development server's socket) becomes "METHOD path"; a traceback is formatted and redacted,
    personal data included, and kept as the record's `exc_text`."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Redacting twice (a logger's filter, then the handler's) changes nothing the second time.
        personal = record.name == "naast" or record.name.startswith("naast.")
        try:
            record.msg = redact_text(record.getMessage(), personal=personal)
        except Exception:  # a message that cannot be formatted: say so rather than lose the record
            record.msg = redact_text(str(record.msg), personal=True)
        record.args = None
        for name, value in list(vars(record).items()):
            if name in _STANDARD_ATTRIBUTES:
                continue
            if name == "request" and isinstance(value, HttpRequest):
                record.request = f"{value.method} {redact_path(value.get_full_path())}"
            elif name == "request" and not isinstance(value, str):  # the development server's socket
                record.request = None
            elif isinstance(value, str):
                setattr(record, name, redact_text(value, personal=personal))
        if record.exc_info:
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info), personal=True)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact_text(record.exc_text, personal=True)
        return True
