"""Translations of every sentence a person reads, and numbers and dates in their locale."""

from __future__ import annotations

import gettext
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
DOMAIN = "messages"
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"


def pick_language(language_code: str | None) -> str:
    """French for any ``fr`` tag, English for everything else."""
    return "fr" if (language_code or "").lower().startswith("fr") else DEFAULT_LANGUAGE


def compile_catalogs(directory: Path = LOCALES_DIR) -> None:
    """Build each ``.mo`` from its ``.po`` when missing or older (``.mo`` files are not in git)."""
    for language in LANGUAGES:
        po_path = directory / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        fd, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(temporary, mo_path)


@dataclass(frozen=True, slots=True)
class Translator:
    language: str
    catalog: gettext.NullTranslations

    def __call__(self, msgid: str, /, **params: object) -> str:
        text = self.catalog.gettext(msgid)
        return text.format(**params) if params else text

    def plural(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        return self.catalog.ngettext(singular, plural, n).format(n=n, **params)

    def number(self, value: float, pattern: str = "0.0") -> str:
        return format_decimal(value, format=pattern, locale=self.language)

    def percent(self, fraction: float) -> str:
        return format_percent(fraction, locale=self.language)

    def date(self, day: date) -> str:
        return format_date(day, format="long", locale=self.language)


@cache
def translator(language: str) -> Translator:
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    compile_catalogs()
    catalog = gettext.translation(DOMAIN, LOCALES_DIR, languages=[language])
    return Translator(language, catalog)
