"""The layers of the package, and no import running up them (issue 21).

From the ground up: (1) the pure core (tests/app/test_purity.py's PURE: planning, the scheduling
rules and placement, the retention statistics, the file readers, …); (2) the database and the
clock (extensions, clock, models); (3) who may see what (access); (4) the domain operations of
each feature (operations, overviews, services, messages, …); (5) what pages share (web/, forms,
the current viewer); (6) what the outside calls (views, commands, jobs, the app factory). A module
may import its own layer and those below; an import running up fails the test until it is moved
to where the layers expect it. None is allowed.
"""
import ast
from pathlib import Path

from tests.app.test_purity import PURE

PACKAGE = Path(__file__).resolve().parents[2] / "mentorplan"
ENTRY_NAMES = {"views", "cli"}
ENTRY_MODULES = {"mentorplan", "mentorplan.jobs", "mentorplan.commands"}
WEB_MODULES = {"mentorplan.web.viewer"}


def layer(module: str) -> int:
    parts = module.split(".")
    if module in PURE:
        return 1
    if module in ("mentorplan.extensions", "mentorplan.clock") or parts[1:2] == ["models"]:
        return 2
    if parts[1:2] == ["access"]:
        return 3
    if parts[1:2] == ["web"] or parts[-1] == "forms" or module in WEB_MODULES:
        return 5
    if parts[-1] in ENTRY_NAMES or parts[-1].endswith("_views") or module in ENTRY_MODULES \
            or parts[1:2] == ["dashboards"]:
        return 6
    return 4


def modules() -> dict[str, Path]:
    return {".".join(("mentorplan", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__"): path
            for path in PACKAGE.rglob("*.py")}


def imported(source: str, known: dict[str, Path]) -> set[str]:
    """The package's modules a source imports (at any depth: a function-level import counts too)."""
    def module_of(name: str) -> str:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mentorplan"):
            found |= {module_of(f"{node.module}.{alias.name}") for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {module_of(alias.name) for alias in node.names if alias.name.startswith("mentorplan")}
    return found - {""}


def upward_imports() -> set[tuple[str, str]]:
    known = modules()
    return {(module, target) for module, path in known.items()
            for target in imported(path.read_text(encoding="utf-8"), known)
            if target != module and layer(target) > layer(module)}


def test_no_import_runs_up_the_layers():
    unexpected = sorted(f"{a} (layer {layer(a)}) imports {b} (layer {layer(b)})"
                        for a, b in upward_imports())
    assert not unexpected, "imports running up the layers:\n" + "\n".join(unexpected)


def test_the_layers_test_sees_an_upward_import():
    """A model importing a view would be caught (the check that the test can fail)."""
    known = modules()
    assert "mentorplan.plans.views" in imported("from mentorplan.plans.views import bp", known)
    assert layer("mentorplan.models.people") < layer("mentorplan.plans.views")
