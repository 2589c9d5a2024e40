"""Per-app extension points, found by convention so that features stay in their own app.

An app may provide:
- `menu.py` with `ITEMS`: a list of `MenuItem` shown in the staff navigation;
- `public.py` with `LINKS`: a list of `PublicLink` shown on the public home page;
- `demo.py` with `build(ctx)`: adds its part of the demo data (see `naast demo-data`).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from django.apps import apps


@dataclass(frozen=True)
class MenuItem:
    url_name: str
    label: str  # a lazy translation
    allowed: Callable  # user -> bool
    order: int = 50


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
