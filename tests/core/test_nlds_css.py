"""Public pages load only the NL Design System components they use (issue 17, item 7)."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

import naast
from naast.core import nlds

SOURCE = Path(naast.__file__).parent
NODE_MODULES = Path(settings.NODE_MODULES)
CSS_BUDGET = 16 * 1024  # every style sheet of a public page together, gzipped (was 35 KB)
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def _used_blocks() -> dict[str, Path]:
    used = {}
    for path in sorted(SOURCE.rglob("*")):
        if path.suffix in (".html", ".py") and path.name != "nlds.py":
            for block in nlds.blocks_in(path.read_text(encoding="utf-8")):
                used.setdefault(block, path)
    return used


def test_every_utrecht_class_in_a_template_has_its_component_listed():
    used = _used_blocks()
    unstyled = {block: str(path.relative_to(SOURCE)) for block, path in used.items() if block not in nlds.COMPONENTS}
    assert not unstyled, f"add these components to naast.core.nlds.COMPONENTS: {unstyled}"
    assert set(nlds.COMPONENTS) <= set(used), f"listed but unused: {set(nlds.COMPONENTS) - set(used)}"


def test_class_scan_reads_classes_not_custom_properties_or_paths():
    text = ('<p class="utrecht-paragraph utrecht-button--primary-action utrecht-form-field__label">'
            '<i style="color: var(--utrecht-link-color)"></i> ("vendor/utrecht-tokens", ...)')
    assert nlds.blocks_in(text) == {"paragraph", "button", "form-field"}


needs_npm = pytest.mark.skipif(not (NODE_MODULES / "@utrecht").is_dir(),
                               reason="npm packages not installed: pages use Naast's own CSS only")


@needs_npm
def test_build_holds_the_listed_components_and_nothing_else(tmp_path):
    (tmp_path / "@utrecht").symlink_to(NODE_MODULES / "@utrecht")
    target, missing = nlds.build(tmp_path)
    css = target.read_text()
    assert missing == []
    for rule in (".utrecht-button", ".utrecht-form-fieldset", ".utrecht-checkbox", ".utrecht-skip-link"):
        assert rule in css
    for unused in (".utrecht-accordion", ".utrecht-table", ".utrecht-calendar", ".utrecht-drawer"):
        assert unused not in css


@needs_npm
@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/hulp-vragen/", "/kaart/"])
def test_public_page_css_stays_within_budget(client, path):
    html = client.get(path).content.decode()
    sheets = STYLESHEET.findall(html)
    assert not any(sheet.endswith("/index.css") for sheet in sheets), \
        "the page loads the whole component library: run `naast build-css` (./dev.sh setup)"
    assert any(sheet.endswith(f"/{nlds.OUTPUT_NAME}") for sheet in sheets)
    total = 0
    for sheet in sheets:
        found = finders.find(sheet.removeprefix(settings.STATIC_URL))
        assert found, sheet
        total += len(gzip.compress(Path(found).read_bytes()))
    assert total <= CSS_BUDGET, f"{path}: {total} bytes of CSS gzipped, budget {CSS_BUDGET}"
