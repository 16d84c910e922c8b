"""The gettext catalogs: extraction from the code, ``messages.pot``, and the ``fr``/``en`` files.

``python -m bot catalogs`` rewrites the template and merges it into both catalogs; English
strings are their own msgids, French ones are written by a person in ``fr/.../messages.po``.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from flows.i18n import DOMAIN, LANGUAGES, LOCALES_DIR, catalog_path

ROOT = LOCALES_DIR.parent
SOURCES = ("flows", "usecases", "bot", "storage")
KEYWORDS = {"N_": None, "plural": (1, 2)}
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"


def extract() -> Catalog:
    """Every msgid the code marks, with where it stands."""
    template = Catalog(project="ci-coach", domain=DOMAIN, charset="utf-8")
    for source in SOURCES:
        found = extract_from_dir(
            ROOT / source, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
        )
        for filename, lineno, message, _comments, _context in found:
            path = f"{source}/{filename}"
            template.add(message, locations=[(path, lineno)], flags=_flags(message))
    return template


def _texts(message: str | Sequence[str] | None) -> tuple[str, ...]:
    if message is None:
        return ()
    return (message,) if isinstance(message, str) else tuple(message)


def _flags(message: str | tuple[str, ...]) -> tuple[str, ...]:
    return ("python-brace-format",) if any("{" in text for text in _texts(message)) else ()


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=99, sort_by_file=True, include_lineno=False)


def _new(language: str) -> Catalog:
    catalog = Catalog(locale=language, domain=DOMAIN, project="ci-coach", fuzzy=False)
    catalog.language_team = language
    return catalog


def update() -> None:
    """Rewrite the template from the code and merge it into each language."""
    template = extract()
    _write(TEMPLATE, template)
    for language in LANGUAGES:
        path = catalog_path(language)
        catalog = read(path, language) if path.exists() else _new(language)
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == "en":
            for message in catalog:
                if message.id and not all(_texts(message.string)):
                    message.string = message.id
        _write(path, catalog)


if __name__ == "__main__":
    update()
