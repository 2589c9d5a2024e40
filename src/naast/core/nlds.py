"""The NL Design System components Naast's pages use, in one place.

The npm package `@utrecht/component-library-css` ships every component in one `index.css` (about
400 KB, 31 KB gzipped); it also depends on one package per component (`@utrecht/button-css`, ...),
each with its own minified CSS. `naast build-css` (run by `./dev.sh setup`) concatenates only the
components listed in COMPONENTS into `node_modules/.naast-css/utrecht.css`, which the pages load.
Without that file (setup not run since) the pages load the whole `index.css`; without npm they
use Naast's own CSS alone.

`tests/core/test_nlds_css.py` scans every template and Python module for `utrecht-*` classes and
fails when one belongs to a component not listed here, so a new class cannot go unstyled.
"""

import re
from pathlib import Path

# Each name is a package `@utrecht/<name>-css`; the order is that of the component library's index.
COMPONENTS = (
    "alert",
    "alternate-lang-nav",
    "body",
    "button",
    "button-group",
    "button-link",
    "checkbox",
    "document",
    "form-field",
    "form-field-description",
    "form-field-error-message",
    "form-fieldset",
    "form-label",
    "heading-1",
    "heading-2",
    "heading-3",
    "heading-4",
    "link",
    "link-button",
    "ordered-list",
    "page-header",
    "paragraph",
    "radio-button",
    "select",
    "skip-link",
    "textarea",
    "textbox",
    "unordered-list",
)

OUTPUT_DIR = ".naast-css"  # under node_modules, so it comes and goes with the npm packages
OUTPUT_NAME = "utrecht.css"
STATIC_PREFIX = "vendor/naast-utrecht"

# A class attribute's `utrecht-block`, `utrecht-block__element` or `utrecht-block--modifier`;
# custom properties (`--utrecht-...`) are not classes and are skipped.
_CLASS = re.compile(r"(?<![-\w/])utrecht-([a-z0-9]+(?:-[a-z0-9]+)*)(?:__[a-z0-9-]+)?(?:--[a-z0-9-]+)?")


def blocks_in(text: str) -> set[str]:
    """The component blocks of every `utrecht-*` class named in a template or Python source."""
    return {match.group(1) for match in _CLASS.finditer(text)}


def source_file(node_modules: Path, component: str) -> Path:
    return node_modules / "@utrecht" / f"{component}-css" / "dist" / "index.min.css"


def build(node_modules: Path) -> tuple[Path, list[str]]:
    """Write the used components' CSS into one file; return it and the components not installed."""
    parts, missing = [], []
    for component in COMPONENTS:
        path = source_file(node_modules, component)
        if path.is_file():
            parts.append(f"/* @utrecht/{component}-css (EUPL-1.2) */\n{path.read_text(encoding='utf-8')}\n")
        else:
            missing.append(component)
    target = node_modules / OUTPUT_DIR / OUTPUT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text("".join(parts), encoding="utf-8")
    temporary.replace(target)  # never a half-written file for a running server
    return target, missing
