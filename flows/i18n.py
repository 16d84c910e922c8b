"""Translations of every sentence a person reads, and numbers and dates in their locale.

The catalogs are the ``.po`` files in locales/, compiled in memory when a language is first
used (a few milliseconds each, and about 40 ms once for importing Babel's reader): nothing is
written anywhere, so the source tree stays as it is in git.
"""

from __future__ import annotations

import decimal
import gettext
import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from flows.model import N_

LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
DOMAIN = "messages"
LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
NO_BREAK_SPACE, NARROW_NO_BREAK_SPACE = "\u00a0", "\u202f"
AT_TIME = N_("{date} at {time}")


def pick_language(language_code: str | None) -> str:
    """French for any ``fr`` tag, English for everything else."""
    return "fr" if (language_code or "").lower().startswith("fr") else DEFAULT_LANGUAGE


def catalog_path(language: str, directory: Path = LOCALES_DIR) -> Path:
    return directory / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(language: str, directory: Path = LOCALES_DIR) -> gettext.GNUTranslations:
    """The ``.po`` catalog of a language, compiled in memory (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalog_path(language, directory).open("rb") as po:
        catalog = read_po(po, locale=language)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


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
        """Rounded half up (Babel rounds half to even)."""
        from babel.numbers import format_decimal

        with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
            return self._spaces(format_decimal(value, format=pattern, locale=self.language))

    def percent(self, fraction: float) -> str:
        from babel.numbers import format_percent

        with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
            return self._spaces(format_percent(fraction, locale=self.language))

    def date(self, day: date) -> str:
        """``1 December 2026``; in French ``1er décembre 2026``."""
        from babel.dates import format_date

        text = self._spaces(format_date(day, format="long", locale=self.language))
        return f"1er{text[1:]}" if self.language == "fr" and day.day == 1 else text

    def moment(self, when: datetime, zone: str) -> str:
        """``15 December 2026 at 18:00`` in the time zone."""
        local = when.astimezone(ZoneInfo(zone))
        return self(AT_TIME, date=self.date(local.date()), time=local.strftime("%H:%M"))

    def _spaces(self, text: str) -> str:
        """French takes one no-break space throughout: the narrow one (U+202F)."""
        return (
            text.replace(NO_BREAK_SPACE, NARROW_NO_BREAK_SPACE) if self.language == "fr" else text
        )


@cache
def translator(language: str) -> Translator:
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return Translator(language, load_catalog(language))
