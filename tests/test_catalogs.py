import re

import pytest

from bot.catalogs import TEMPLATE, catalog_path, extract, read
from flows.i18n import LANGUAGES, translator

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def ids(catalog):
    return {message.id for message in catalog if message.id}


def texts(value):
    return (value,) if isinstance(value, str) else tuple(value)


def test_the_template_matches_what_the_code_marks():
    in_code, in_template = ids(extract()), ids(read(TEMPLATE))
    assert sorted(map(str, in_code - in_template)) == [], "run: uv run python -m bot.catalogs"
    assert sorted(map(str, in_template - in_code)) == [], "run: uv run python -m bot.catalogs"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_is_translated_with_the_same_placeholders(language):
    catalog = read(catalog_path(language), language)
    assert ids(catalog) == ids(read(TEMPLATE))
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = texts(message.string)
        if message.fuzzy or not all(s.strip() for s in strings):
            problems.append(("untranslated", message.id))
            continue
        expected = {name for text in texts(message.id) for name in PLACEHOLDER.findall(text)}
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != expected:
                problems.append(("placeholders", message.id, text))
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_obsolete_entries_linger(language):
    assert read(catalog_path(language), language).obsolete == {}


def test_french_catalog_is_wired():
    assert translator("fr")("Strongly agree") == "Tout à fait d'accord"
    assert translator("en")("Strongly agree") == "Strongly agree"
    assert translator("fr").plural("{n} question", "{n} questions", 3) == "3 questions"


SAME_IN_FRENCH = {
    # Words spelt the same in both languages, each reviewed.
    "Initiative",
    "Module",
    "Leadership",  # used as is in French (seed 001: « leadership partagé »)
    "Phases",
    "coach",
    "{n} question",
    # Symbols and placeholders.
    "☰ Modules",
    "✎ {number}",
    "{value}, {status}",
    "{score}/100, {band}",
    "{title} ({flag})",
    "{delta} points",
}


def test_no_english_in_a_french_session():
    """A French msgstr equal to its msgid is English left in place, unless reviewed above."""
    catalog = read(catalog_path("fr"), "fr")
    same = {
        texts(message.id)[0]
        for message in catalog
        if message.id and texts(message.string) == texts(message.id)
    }
    assert sorted(same - SAME_IN_FRENCH) == []
    assert sorted(SAME_IN_FRENCH - same) == [], "translated now: take it off the list"


@pytest.mark.parametrize(
    ("language", "name", "others"),
    [
        ("fr", "structure de soutien", ("fonction de soutien", "infrastructure de soutien")),
        ("en", "backbone", ("support structure", "support function")),
    ],
)
def test_the_backbone_has_one_name(language, name, others):
    """A reader meets one name for it; the French names Tamarack's own term once, quoted."""
    catalog = read(catalog_path(language), language)
    strings = [s for m in catalog if m.id for s in texts(m.string or m.id)]
    quoted = f"«\u202f{others[-1]}\u202f»"
    found = [s for s in strings for other in others if other in s.lower().replace(quoted, "")]
    assert found == []
    assert any(name in s.lower() for s in strings)
