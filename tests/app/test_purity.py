"""The pure domain core stays pure (STYLE.md, practice 8): planning, the scheduling rules and
placement, the retention statistics, the iCalendar builder, the export writer and the readers of
the staff and turnus files take plain data and know nothing of Flask, SQLAlchemy or the models.
Checked twice: no such import in the source (at any depth, so a function-level import cannot hide
one), and importing the module alone in a fresh interpreter loads none of them (so neither can an
import made by a package's __init__)."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "mentorplan"
PURE = sorted(
    [".".join(("mentorplan", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
     for p in (PACKAGE / "planning").glob("*.py")]
    + ["mentorplan.auth.passwords", "mentorplan.norwegian", "mentorplan.scheduling.rules", "mentorplan.scheduling.placement", "mentorplan.scheduling.greedy",
       "mentorplan.scheduling.conflicts", "mentorplan.scheduling.start_turnus",
       "mentorplan.retention", "mentorplan.retention.estimators", "mentorplan.retention.cohort",
       "mentorplan.retention.figures", "mentorplan.retention.report", "mentorplan.retention.chart",
       "mentorplan.retention.export", "mentorplan.feeds.ical", "mentorplan.files.export", "mentorplan.files.dates",
       "mentorplan.files.csv_header", "mentorplan.files.national_id", "mentorplan.files.input_rules",
       "mentorplan.vocabulary",
       "mentorplan.people.staff_csv"]
    + [f"mentorplan.turnus.{name}" for name in ("time_rules", "entries", "csv_file", "ical_file", "reading")])
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "sqlalchemy", "mentorplan.models",
             "mentorplan.extensions")


def source_of(module: str) -> Path:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def imported_names(module: str) -> set[str]:
    """Every module the source names in an import, relative imports resolved."""
    package = module if source_of(module).name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(source_of(module).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def forbidden(names) -> list[str]:
    return sorted(n for n in names if any(n == f or n.startswith(f + ".") for f in FORBIDDEN))


def test_the_list_of_pure_modules_is_not_empty_and_exists():
    assert len(PURE) >= 15 and all(source_of(m).exists() for m in PURE)


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_imports_nothing_of_the_app(module):
    assert forbidden(imported_names(module)) == []


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_imports_alone_without_loading_the_app(module):
    probe = (f"import sys, {module}; "
             f"print(' '.join(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy') "
             f"or m.startswith(('mentorplan.models', 'mentorplan.extensions'))))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=PACKAGE.parent, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [], f"importing {module} loaded {result.stdout.split()[:5]}"


def test_the_check_catches_a_function_level_import(tmp_path, monkeypatch):
    """The contract fails when broken: an import of the models hidden in a function is found."""
    module = tmp_path / "mentorplan" / "planning" / "broken.py"
    module.parent.mkdir(parents=True)
    module.write_text("def plan():\n    from ..models import Plan\n    return Plan\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "mentorplan")
    assert forbidden(imported_names("mentorplan.planning.broken")) == ["mentorplan.models",
                                                                       "mentorplan.models.Plan"]
