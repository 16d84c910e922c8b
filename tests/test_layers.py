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


HANDLERS = "bot.handlers"


def imported_modules(source: str, package: str) -> set[str]:
    """Every module an import may name, relative imports resolved against ``package``:
    ``from . import start`` in bot/handlers names bot.handlers and bot.handlers.start."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def handler_imports(found: set[str]) -> list[str]:
    return sorted(m for m in found if m == HANDLERS or m.startswith(HANDLERS + "."))


def test_relative_imports_are_resolved_before_looking_for_handler_modules():
    source = "from . import start\nfrom .walkthrough import x\nfrom ..keyboards import Act\n"
    assert handler_imports(imported_modules(source, HANDLERS)) == [
        "bot.handlers",
        "bot.handlers.start",
        "bot.handlers.walkthrough",
        "bot.handlers.walkthrough.x",
    ]
    assert "bot.keyboards" in imported_modules(source, HANDLERS)


def test_handler_modules_do_not_import_each_other():
    handlers = sorted((ROOT / "bot" / "handlers").glob("*.py"))
    modules = [path for path in handlers if path.name != "__init__.py"]
    assert modules, "no handler modules found"
    imports = {
        path.name: handler_imports(imported_modules(path.read_text(), HANDLERS))
        for path in modules
    }
    assert imports == {path.name: [] for path in modules}


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
