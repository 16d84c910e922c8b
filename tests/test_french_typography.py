"""French typography: one no-break space, the narrow one (U+202F), before « : ; ? ! % » and
inside « », in every French msgstr and on every screen the engine renders, Babel's figures
included. A plain or a wide no-break space there, or English quotes, fails."""

from datetime import date

import pytest

from bot.catalogs import catalog_path, read
from bot.render import HTML, PLAIN, screen, summary
from flows.content import MODULES
from flows.engine import DoneScreen, IntroScreen, QuestionScreen, ReviewScreen
from flows.i18n import translator
from flows.model import DONT_KNOW, Answer
from flows.scoring import summarize
from tests.typography import NARROW, problems


def strings(value):
    return (value,) if isinstance(value, str) else tuple(value)


def test_every_french_msgstr_follows_french_typography():
    catalog = read(catalog_path("fr"), "fr")
    found = [p for m in catalog if m.id for s in strings(m.string) for p in problems(s)]
    assert found == []


def every_screen(module):
    answers = {
        item.id: Answer(item.id, DONT_KNOW if n % 3 == 0 else 1 + n % 2)
        for n, item in enumerate(module.items)
    }
    yield IntroScreen(module)
    for number, item in enumerate(module.items, 1):
        yield QuestionScreen(module, item, number, answers[item.id], number == 1)
    yield ReviewScreen(module, answers)
    yield DoneScreen(module, answers)


@pytest.mark.parametrize("module", MODULES.values(), ids=lambda module: module.id)
def test_every_french_screen_follows_french_typography(module):
    fr = translator("fr")
    found = []
    for shown in every_screen(module):
        for markup in (PLAIN, HTML):
            found += problems("\n".join(screen(fr, markup, shown)))
    partial = summarize(module.id, {module.items[0].id: Answer(module.items[0].id, 4)})
    found += problems("\n".join(summary(fr, PLAIN, partial, today=date(2026, 12, 1))))
    assert found == []


def test_the_checker_catches_plain_and_mixed_spaces():
    assert problems("Synthèse : x") and problems("Score 5 %") and problems("«\u202fx »")
    assert problems("Score 5\u00a0%") and problems("Prêt ?") and problems("“x”")
    assert problems(f"Synthèse{NARROW}: 62{NARROW}% «{NARROW}x{NARROW}» ?") == [
        (
            "no narrow no-break space before ; : ? !",
            f"Synthèse{NARROW}: 62{NARROW}% «{NARROW}x{NARROW}» ?",
        )
    ]
    assert problems(f"Synthèse{NARROW}: 62{NARROW}% «{NARROW}x{NARROW}»{NARROW}?") == []
