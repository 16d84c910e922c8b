import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "flows": {
        "aiogram",
        "sqlmodel",
        "sqlalchemy",
        "bot",
        "storage",
        "usecases",
        "aiohttp",
        "asyncpg",
    },
    "storage": {"aiogram", "bot", "usecases"},
    "usecases": {"aiogram", "aiohttp", "bot"},
}
WRITES = ('"wb"', '"w"', '"a"', "write_text(", "write_bytes(", "os.replace(", "mkstemp(", "mkdir(")


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


def test_handler_modules_do_not_import_each_other():
    handlers = sorted((ROOT / "bot" / "handlers").glob("*.py"))
    imports = {
        path.name: {
            node.module
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom) and node.module
        }
        for path in handlers
    }
    assert {
        name: sorted(m for m in found if m.startswith("bot.handlers"))
        for name, found in imports.items()
        if name != "__init__.py"
    } == {name: [] for name in imports if name != "__init__.py"}


def test_flows_and_storage_write_no_files_and_nothing_reads_outside_the_repository():
    for room in ("flows", "storage", "usecases", "bot", "tests", "benchmarks"):
        for path in (ROOT / room).rglob("*.py"):
            if path == Path(__file__):
                continue
            source = path.read_text()
            if room in ("flows", "usecases"):
                assert not any(marker in source for marker in WRITES), path
            assert not any(marker in source for marker in ("../shared", '"shared"')), path
