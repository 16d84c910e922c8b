import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "flows": {"aiogram", "sqlmodel", "sqlalchemy", "bot", "storage", "aiohttp", "asyncpg"},
    "storage": {"aiogram", "bot"},
}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_rooms_import_only_what_they_may():
    offenders = {}
    for room, forbidden in FORBIDDEN.items():
        files = sorted((ROOT / room).rglob("*.py"))
        assert files, room
        for path in files:
            bad = imported_roots(path) & forbidden
            if bad:
                offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}
