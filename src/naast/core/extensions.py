"""Per-app extension points, found by convention so that features stay in their own app.

An app may provide:
- `menu.py` with `ITEMS`: a list of `MenuItem` shown in the staff navigation, and `TASKS`: a list
  of `user -> Task | None`, the app's block of "today" on the staff overview (numbers and links
  only, never client data, in one or two aggregate queries);
- `public.py` with `LINKS`: a list of `PublicLink` shown on the public home page;
- `demo.py` with `build(ctx)`: adds its part of the demo data (see `naast demo-data`);
- `report_sections.py` with `SECTIONS` and `DEFINITIONS`: its sections of the reports (see
  `naast.core.reportkit`);
- `case_names.py` with `NAMES`: a list of `help_request -> Iterable[str]`, the names of people the
  app records with a help request (the resident, whoever asked for them, other helpers), so a text
  that is to leave the case file can be checked for them (`case_names`).
- `backup.py` with `IN_USE`: the models whose rows mean that a database holds a service's data
  (help requests, clients, users); `naast restore` will not overwrite such a database unless told to.
- `report_kinds.py` with `KINDS`: a dict of kind name -> `build(period, scope, now) -> Report`, extra
  kinds of `naast report --kind` (the monitor and signalling reports are the reports app's own) for
  apps above the reports app; their output goes through the same formats (`naast.reports.outputs`).
- `resident_export.py` with `SECTIONS`: a list of `client -> list[ExportSection]`, everything the app
  holds about one client (the resident's right of access, AVG art. 15; `naast.privacy.client_export`
  puts them into one JSON document and one PDF). Never a secret (token, code, key or password hash).
  `COVERS` lists the models whose rows the sections show and `LEFT_OUT` ({model: why}) the models
  linked to a client that hold nothing about them to show; a test fails when a model linked to a
  client or a help request is in neither, so a new model cannot be forgotten in the export.
- `resident_card.py` with `SECTIONS`: a list of `(client, case_file_requests) -> CardSection | None`,
  the app's part of the resident card (`/staff/inwoner/<number>/`), built only from the help
  requests whose case file the viewer may open (the caller asked `naast.privacy.policy`).
- `retention.py` with `PERSONAL_FIELDS`, `ANONYMISE` and (optionally) `EXPIRE`: the app's part of the
  data inventory and of retention and erasure (`naast.privacy.retention`). `PERSONAL_FIELDS` maps
  "Model.field" to `Personal(purpose, who, anonymised)` or `NotPersonal(why)` for every text, char,
  e-mail, file and JSON field of the app's models (a test fails for a field it does not classify;
  `docs/security.md` lists them, `naast data-inventory` prints that list). `ANONYMISE` is a list of
  `(request_ids, client_ids) -> {kind: count}` that blank or replace the personal fields of the
  app's rows for those help requests and clients, inside the caller's transaction, and keep every
  row and every field a report counts (dates, status, codes, numbers). `EXPIRE` is a list of
  `(cutoff) -> {kind: count}` for personal data that has no link to a request (the anonymous
  survey's comments), blanked when older than the cutoff. Files go from storage only once the
  transaction commits (`delete_files_on_commit`).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType

from django.apps import apps


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: str  # a lazy translation
    allowed: Callable  # user -> bool
    order: int = 50


@dataclass
class Figure:
    """One number on the staff overview, as a sentence ("3 help requests late") linking to its page."""

    text: str
    url: str
    count: int = 0


@dataclass
class Task:
    """One block of "what to do today" on the staff overview: numbers and links, never client data."""

    title: str
    figures: list[Figure] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)  # {"url", "label"}
    covers: set[str] = field(default_factory=set)  # menu url names this block replaces as a card
    order: int = 50


@dataclass
class ExportSection:
    """One part of a client's export: a titled table. `fields` are (key, label) pairs in display
    order; each row is a dict with those keys and JSON values (text, number, true/false, an ISO date
    or time, a list of texts, or None). `order` places the section in the document."""

    key: str
    title: str  # a lazy translation
    fields: list[tuple[str, str]]
    rows: list[dict] = field(default_factory=list)
    note: str = ""  # a lazy translation: what the section does or does not contain
    order: int = 50
    # Files that go with the rows in the ZIP download: (path in the ZIP, a callable that opens the
    # file for reading in binary mode; it may raise OSError when the file is gone).
    files: list[tuple[str, Callable]] = field(default_factory=list)


@dataclass
class CardSection:
    """One part of the resident card: a titled table of texts (already formatted), with a sentence
    for when it is empty. `order` places it on the card."""

    key: str
    title: str  # a lazy translation
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    empty: str = ""
    order: int = 50


def model_fields(model, *names: str) -> list[tuple[str, str]]:
    """(name, label) of `model`'s fields, the label being the field's (translated) verbose name."""
    from django.utils.text import capfirst

    return [(name, capfirst(model._meta.get_field(name).verbose_name)) for name in names]


def field_value(obj, name: str):
    """A field's value for an export: a choice as its label, a related object as its text."""
    model_field = obj._meta.get_field(name)
    if model_field.choices:
        return str(getattr(obj, f"get_{name}_display")()) if getattr(obj, name) not in (None, "") else ""
    if model_field.is_relation:
        related = getattr(obj, name)
        return str(related) if related is not None else None
    return getattr(obj, name)


def export_row(obj, fields: list[tuple[str, str]], **values) -> dict:
    """A row with every key of `fields`: from `values` where given, else the field's value."""
    return {key: values[key] if key in values else field_value(obj, key) for key, _label in fields}


@dataclass(frozen=True)
class PublicLink:
    url_name: str
    label: str
    text: str
    order: int = 50


@cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """The `<app>.<name>` modules of Naast's installed apps, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("naast."):
            continue
        module_name = f"{config.name}.{name}"
        if importlib.util.find_spec(module_name) is not None:
            found.append(importlib.import_module(module_name))
    return tuple(found)


def menu_items() -> list[MenuItem]:
    items = [item for module in app_modules("menu") for item in getattr(module, "ITEMS", [])]
    return sorted(items, key=lambda item: item.order)


def public_links() -> list[PublicLink]:
    links = [link for module in app_modules("public") for link in getattr(module, "LINKS", [])]
    return sorted(links, key=lambda link: link.order)


def dashboard_tasks(user) -> list[Task]:
    """Each installed app's blocks of "today" for this user, in a fixed number of queries."""
    tasks = [task for module in app_modules("menu") for build in getattr(module, "TASKS", [])
             if (task := build(user)) is not None]
    return sorted(tasks, key=lambda task: task.order)


def report_sections() -> tuple[list, list]:
    """(sections, definitions) that the installed apps add to the reports, sections in report order."""
    modules = app_modules("report_sections")
    sections = sorted((s for m in modules for s in getattr(m, "SECTIONS", [])), key=lambda s: s.order)
    return sections, [d for m in modules for d in getattr(m, "DEFINITIONS", [])]


def case_names(help_request) -> list[str]:
    """Every name the installed apps record with `help_request` (their `case_names.py`), blanks left out."""
    names = [name for module in app_modules("case_names") for found in getattr(module, "NAMES", [])
             for name in found(help_request)]
    return [name for name in dict.fromkeys(name.strip() for name in names if name) if name]


def in_use_models() -> list:
    """The models whose rows mean a database is in use (each app's `backup.IN_USE`), for `naast restore`."""
    return [model for module in app_modules("backup") for model in getattr(module, "IN_USE", [])]


@dataclass(frozen=True)
class Personal:
    """A field that holds personal data: why it is kept, who sees it, and when it is anonymised."""

    purpose: str
    who: str
    anonymised: str = "blanked after the retention period and on erasure"
    # False: not blanked by retention's ANONYMISE/EXPIRE (staff data, the audit log, hourly limits, ...).
    by_retention: bool = True


@dataclass(frozen=True)
class NotPersonal:
    """A text field that holds no personal data of residents, and why."""

    why: str


def personal_fields() -> dict[str, dict[str, Personal | NotPersonal]]:
    """{app label: {"Model.field": classification}} from each app's `retention.PERSONAL_FIELDS`."""
    found = {}
    for module in app_modules("retention"):
        label = module.__name__.split(".")[-2]
        found[label] = dict(getattr(module, "PERSONAL_FIELDS", {}))
    return found


def anonymisers() -> list[Callable]:
    """Each app's `retention.ANONYMISE`: `(request_ids, client_ids) -> {kind: count}`, in app order."""
    return [function for module in app_modules("retention") for function in getattr(module, "ANONYMISE", [])]


def expirers() -> list[Callable]:
    """Each app's `retention.EXPIRE`: `(cutoff) -> {kind: count}` for personal data without a request."""
    return [function for module in app_modules("retention") for function in getattr(module, "EXPIRE", [])]


def delete_files_on_commit(storage, names) -> int:
    """Delete these files from `storage` once the current transaction commits (never when it rolls
    back, so an anonymisation that fails loses no file). Returns how many will be deleted."""
    from django.db import transaction

    names = [name for name in dict.fromkeys(names) if name]

    def delete():
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)
    return len(names)


def report_kinds() -> dict:
    """Extra kinds of `naast report` from the installed apps' `report_kinds.KINDS` (name -> builder)."""
    return {name: build for module in app_modules("report_kinds") for name, build in getattr(module, "KINDS", {}).items()}


def resident_export_sections(client) -> list[ExportSection]:
    """Every installed app's sections about `client` (their `resident_export.SECTIONS`), in order."""
    sections = [section for module in app_modules("resident_export") for build in getattr(module, "SECTIONS", [])
                for section in build(client)]
    return sorted(sections, key=lambda section: section.order)


def resident_card_sections(client, case_file_requests) -> list[CardSection]:
    """Every installed app's part of one resident's card (`resident_card.SECTIONS`), in order."""
    sections = [build(client, case_file_requests) for module in app_modules("resident_card")
                for build in getattr(module, "SECTIONS", [])]
    return sorted((s for s in sections if s is not None), key=lambda section: section.order)


def resident_export_models() -> tuple[set, dict]:
    """(models the exports show, {model: why it is left out}) over the installed apps."""
    modules = app_modules("resident_export")
    covered = {model for module in modules for model in getattr(module, "COVERS", ())}
    left_out = {model: why for module in modules for model, why in getattr(module, "LEFT_OUT", {}).items()}
    return covered, left_out
