"""What the chat's start costs: no Alembic for a current schema, catalogs read, never written."""

from pathlib import Path

from alembic.script import ScriptDirectory

from flows.i18n import LOCALES_DIR, load_catalog
from storage.migrate import alembic_config, head_revisions


def test_the_head_read_from_the_files_is_alembics():
    assert head_revisions() == frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def test_a_branch_merge_has_one_head_made_of_both(tmp_path: Path):
    (tmp_path / "a.py").write_text('revision: str = "a"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision = "b"\ndown_revision: str | None = "a"\n')
    (tmp_path / "c.py").write_text("revision = 'c'\ndown_revision = 'a'\n")
    (tmp_path / "d.py").write_text('revision = "d"\ndown_revision = (\n    "b",\n    "c",\n)\n')
    assert head_revisions(tmp_path) == {"d"}


def test_catalogs_are_read_in_memory_and_nothing_is_written(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = {path: path.stat().st_mtime_ns for path in LOCALES_DIR.rglob("*")}
    assert load_catalog("fr").gettext("Strongly agree") == "Tout à fait d'accord"
    assert load_catalog("fr").ngettext("{n} question", "{n} questions", 2) == "{n} questions"
    assert load_catalog("en").gettext("Agree") == "Agree"
    assert {path: path.stat().st_mtime_ns for path in LOCALES_DIR.rglob("*")} == before
    assert list(tmp_path.iterdir()) == []
