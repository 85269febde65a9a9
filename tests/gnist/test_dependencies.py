"""The project shell (gnist/) and the foundation app (accounts/) import no app: apps plug in by registries."""

import ast
from pathlib import Path

from django.conf import settings

APPS = {"municipalities", "competence", "challenges", "solutions", "reports"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_shell_and_accounts_import_no_app():
    offending = sorted(
        f"{path.relative_to(settings.BASE_DIR)}: {module}"
        for package in ("gnist", "accounts")
        for path in (settings.BASE_DIR / package).rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in APPS
    )

    assert offending == []
