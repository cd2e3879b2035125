"""Access is asked by name, everywhere (STYLE.md, practice 11): a view and a template ask the same
named rule of mentorplan.access (`can_view_retention(viewer)`), never a role written out again
(`viewer.has('hr') or viewer.unit_ids`), so the menu and the page behind it cannot disagree.

Read from the source: every module with routes (parsed with `ast`) and every template (parsed by
the app's Jinja environment), so comments and docstrings do not count and nothing is allowed.
"""
import ast
from pathlib import Path

import pytest
from jinja2 import nodes

from config import TestConfig
from mentorplan import access, create_app

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mentorplan"
TEMPLATES = ROOT / "templates"

# What a Viewer knows about roles and scopes; a view or template that reads these decides itself.
VIEWER_ROLE_ATTRIBUTES = {"has", "roles", "is_leader", "leads_ward", "unit_ids", "ward_ids", "ward_unit_ids",
                          "mentor_unit_ids"}
ROLE_NAMES = {"admin", "hr", "enhetsleder", "avdelingsleder", "mentor", "mentee"}
RULE_PREFIXES = ("can_", "has_", "leads_")


def view_modules() -> list[Path]:
    """Every module that declares a route, outside the access package."""
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if "access" not in p.relative_to(PACKAGE).parts[:1] and ".route(" in p.read_text(encoding="utf-8"))


def templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt"))


def _names_a_viewer(node: ast.AST) -> bool:
    return "viewer" in ast.unparse(node).lower()


def raw_role_checks_in_python(source: str) -> list[str]:
    """`Role.X`, `viewer.has(...)`, `viewer.unit_ids` and the like, `require_role(...)`, `abort(403)`,
    and a rule registered for templates by a blueprint of its own."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role":
            found.append(f"line {node.lineno}: Role.{node.attr}")
        elif isinstance(node, ast.Attribute) and node.attr in VIEWER_ROLE_ATTRIBUTES and _names_a_viewer(node.value):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "require_role":
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
            elif node.func.id == "abort" and node.args and getattr(node.args[0], "value", None) == 403:
                found.append(f"line {node.lineno}: {ast.unparse(node)} (use allowed(<rule>))")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and "template_global" in node.func.attr
                and any(isinstance(a, ast.Name) and a.id.startswith(RULE_PREFIXES) for a in node.args)):
            found.append(f"line {node.lineno}: {ast.unparse(node)} (list it in access.TEMPLATE_RULES)")
    return found


def _jinja_env():
    return create_app(TestConfig).jinja_env  # builds, touches no database


def raw_role_checks_in_template(source: str, env) -> list[str]:
    """`viewer.has('hr')`, `viewer.unit_ids`, `current_user.roles`, and comparisons with a role's name."""
    found = []
    tree = env.parse(source)
    for node in tree.find_all(nodes.Getattr):
        if node.attr in VIEWER_ROLE_ATTRIBUTES and _jinja_root(node) in ("viewer", "current_user"):
            found.append(f"line {node.lineno}: {_jinja_root(node)}….{node.attr}")
    for node in tree.find_all(nodes.Compare):
        operands = [node.expr, *(op.expr for op in node.ops)]
        if any(isinstance(o, nodes.Const) and o.value in ROLE_NAMES for o in operands):
            found.append(f"line {node.lineno}: compares with a role's name")
    return found


def _jinja_root(node) -> str | None:
    while isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Call)):
        node = node.node
    return node.name if isinstance(node, nodes.Name) else None


def rules_called_in_template(source: str, env) -> set[str]:
    return {call.node.name for call in env.parse(source).find_all(nodes.Call)
            if isinstance(call.node, nodes.Name) and call.node.name.startswith(RULE_PREFIXES)}


def test_the_files_read_are_the_pages():
    modules = {p.relative_to(PACKAGE).as_posix() for p in view_modules()}
    assert {"plans/views.py", "dashboards/ward.py", "dashboards/home.py", "turnus/views.py"} <= modules
    assert len(modules) >= 20
    assert TEMPLATES / "base.html" in templates() and len(templates()) >= 50


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_view_decides_from_a_raw_role(path):
    assert raw_role_checks_in_python(path.read_text(encoding="utf-8")) == [], (
        f"{path.relative_to(ROOT)} decides access itself; ask a named rule of mentorplan.access "
        "with allowed(...) / found(...) / load_or_404(has_page=..., in_scope=...)")


@pytest.fixture(scope="module")
def env():
    return _jinja_env()


def test_no_template_decides_from_a_raw_role(env):
    offenders = {path.relative_to(ROOT).as_posix(): found for path in templates()
                 if (found := raw_role_checks_in_template(path.read_text(encoding="utf-8"), env))}
    assert offenders == {}, "templates ask the rules registered from mentorplan.access.TEMPLATE_RULES"


def test_the_rules_are_registered_once_from_access(env):
    """Every rule a template calls is one of access's TEMPLATE_RULES, registered by the app (not by
    a blueprint of its own), and every registered rule is used by some template."""
    registered = {name for name in env.globals if name.startswith(RULE_PREFIXES)}
    assert registered == {rule.__name__ for rule in access.TEMPLATE_RULES}
    assert all(env.globals[rule.__name__] is getattr(access, rule.__name__) for rule in access.TEMPLATE_RULES)
    called = set().union(*(rules_called_in_template(p.read_text(encoding="utf-8"), env) for p in templates()))
    assert called == registered


# The checks themselves catch what they are for (so a green run means something).

@pytest.mark.parametrize("line", [
    "if viewer.has(Role.HR): pass",
    "allowed(current_viewer().is_leader)",
    "x = bool(viewer.unit_ids)",
    "require_role(viewer, 'mentor')",
    "abort(403)",
    "ok = 'hr' in viewer.roles",
    'bp.add_app_template_global(can_change_plan, "can_change_plan")',
])
def test_the_view_check_finds_raw_roles(line):
    assert raw_role_checks_in_python(line)


@pytest.mark.parametrize("line", [
    "allowed(can_view_retention(viewer))",
    "abort(404)",
    "ids = form.unit_ids.data",
    "role = Role(form.role.data)",
    'bp.add_app_template_global(suggestion_key, "suggestion_key")',
])
def test_the_view_check_lets_named_rules_pass(line):
    assert raw_role_checks_in_python(line) == []


@pytest.mark.parametrize("source", [
    "{% if viewer.has('hr') %}x{% endif %}",
    "{% if viewer.ward_ids or viewer.ward_unit_ids %}x{% endif %}",
    "{% if 'admin' in current_user.roles %}x{% endif %}",
    "{% if r.role == 'hr' %}x{% endif %}",
])
def test_the_template_check_finds_raw_roles(source, env):
    assert raw_role_checks_in_template(source, env)


@pytest.mark.parametrize("source", [
    "{% if can_view_retention(viewer) %}x{% endif %}",
    "{% for r in row.roles %}{{ r.role|role }}{% endfor %}",
])
def test_the_template_check_lets_named_rules_pass(source, env):
    assert raw_role_checks_in_template(source, env) == []
