"""The data inventory: every text, char, e-mail, file and JSON field of Naast's models, classified by
its app's `retention.PERSONAL_FIELDS` (`naast.core.extensions`). `docs/security.md` §2 holds the
table `markdown()` writes (`naast data-inventory`); tests fail when a field is not classified or
the document differs."""

from django.apps import apps
from django.db import models

from naast.core.extensions import NotPersonal, Personal, personal_fields

TEXT_FIELDS = (models.CharField, models.TextField, models.FileField, models.JSONField)


def text_fields() -> list[tuple[str, str]]:
    """(app label, "Model.field") of every text-like concrete field of Naast's own models."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("naast."):
            continue
        for model in config.get_models():
            for model_field in model._meta.concrete_fields:
                if isinstance(model_field, TEXT_FIELDS):
                    found.append((config.label, f"{model.__name__}.{model_field.name}"))
    return found


def unclassified() -> list[str]:
    declared = personal_fields()
    return [f"{label}.{name}" for label, name in text_fields() if name not in declared.get(label, {})]


def stale() -> list[str]:
    """Classified fields that no model has (renamed or removed)."""
    existing = set(text_fields())
    return [f"{label}.{name}" for label, fields in personal_fields().items() for name in fields
            if (label, name) not in existing]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown() -> str:
    """The inventory's table of personal fields, and a count of the fields that are not personal."""
    lines = ["| field | purpose | who sees it | when anonymised |", "| --- | --- | --- | --- |"]
    not_personal = 0
    for label, fields in personal_fields().items():
        for name, kind in fields.items():
            if isinstance(kind, Personal):
                lines.append(f"| `{label}.{name}` | {_cell(kind.purpose)} | {_cell(kind.who)} | {_cell(kind.anonymised)} |")
            elif isinstance(kind, NotPersonal):
                not_personal += 1
    lines.append("")
    lines.append(f"{not_personal} further text fields hold no personal data of residents (codes, references, "
                 "the social map, reference data); each says why in its app's `retention.py`.")
    return "\n".join(lines) + "\n"
