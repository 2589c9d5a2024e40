"""Dependencies between Naast's apps point one way (README, "Architecture"): an app imports only apps
of a lower layer. Lazy imports inside functions, model references by name ("casework.Signal",
`apps.get_model`) and `apps.is_installed` checks count too: an app that must appear higher up (a
report section, a menu block) uses an extension point of `naast.core.extensions` instead."""

import ast
from pathlib import Path

import naast

SRC = Path(naast.__file__).parent

# core ← taxonomies/organisations ← accounts ← registry ← privacy ← socialmap ← intake/casework ← reports
# ← providers, awareness, selftest
LAYERS = {
    "core": 0,
    "taxonomies": 1,
    "organisations": 1,
    "accounts": 2,
    "registry": 3,
    "privacy": 4,
    "socialmap": 5,
    "intake": 6,
    "casework": 6,
    "reports": 7,
    "providers": 8,
    "awareness": 8,
    "selftest": 8,
    "conf": 9,  # the project: settings and the URL map know every app
}
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _app_of_module(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "naast" and parts[1] in LAYERS:
        return parts[1]
    return None


def _references(tree: ast.AST, package: str):
    """(line, app) for every reference to another app in a module's syntax tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if app := _app_of_module(alias.name):
                    yield node.lineno, app
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's own package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if app := _app_of_module(module):
                yield node.lineno, app
            if module == "naast":
                for alias in node.names:
                    if alias.name in LAYERS:
                        yield node.lineno, alias.name
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            value = node.args[0].value
            if not isinstance(value, str):
                continue
            if name == "get_model" and value in LAYERS:
                yield node.lineno, value
            elif name == "is_installed" and (app := _app_of_module(value)):
                yield node.lineno, app
            elif name in RELATION_FIELDS and "." in value and value.split(".")[0] in LAYERS:
                yield node.lineno, value.split(".")[0]


def _violations():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        app = relative.parts[0] if len(relative.parts) > 1 else None
        if app not in LAYERS:
            continue
        package = ".".join(["naast", *relative.parts[:-1]])
        for line, other in _references(ast.parse(path.read_text(encoding="utf-8")), package):
            if other != app and LAYERS[other] >= LAYERS[app]:
                found.append(f"{relative}:{line} ({app}, layer {LAYERS[app]}) uses {other} (layer {LAYERS[other]})")
    return found


def test_every_app_has_a_layer():
    apps = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps == set(LAYERS)


def test_no_app_depends_on_an_app_above_it_or_beside_it():
    assert _violations() == []


def test_the_check_sees_lazy_imports_and_model_references(tmp_path):
    code = (
        "def f():\n    from naast.casework.models import Signal\n"
        "x = apps.get_model('reports', 'FundingAgreement')\n"
        "y = models.ForeignKey('intake.IntakeDetails', on_delete=None)\n"
        "import naast.reports.monitor\n"
    )
    found = {app for _line, app in _references(ast.parse(code), "naast.registry.sub")}
    assert found == {"casework", "reports", "intake"}
