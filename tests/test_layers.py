import ast
import re
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


def test_flows_and_usecases_write_no_files():
    for room in ("flows", "usecases"):
        for path in (ROOT / room).rglob("*.py"):
            assert not any(marker in path.read_text() for marker in WRITES), path


def test_no_code_reaches_outside_the_repository():
    """Paths climbed from ``__file__`` end inside the repository; no relative path climbs out."""
    climbs = re.compile(r"Path\(__file__\)\.resolve\(\)\.parents\[(\d+)\]")
    offenders = []
    for room in ("flows", "storage", "usecases", "bot", "tests", "benchmarks"):
        for path in (ROOT / room).rglob("*.py"):
            source = path.read_text()
            for depth in climbs.findall(source):
                if not path.resolve().parents[int(depth)].is_relative_to(ROOT):
                    offenders.append(f"{path.relative_to(ROOT)}: parents[{depth}]")
            for text in _path_literals(ast.parse(source)):
                if text.split("/")[0] == "..":
                    offenders.append(f"{path.relative_to(ROOT)}: {text!r}")
    assert offenders == []


def _path_literals(tree: ast.AST) -> list[str]:
    """Strings given to Path(), open() or joined with ``/``: the ones that name files."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("Path", "open"):
            found += node.args
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            found += [node.left, node.right]
    return [n.value for n in found if isinstance(n, ast.Constant) and isinstance(n.value, str)]
