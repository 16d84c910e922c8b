"""The charts, drawn in this process (the worker runs the same function): valid PNG images
1,280 px wide at most, no text under 14 px, at most 12 items an image, labels in the viewer's
language with French typography."""

import random
import struct
from datetime import UTC, datetime

from matplotlib.figure import Figure
from matplotlib.text import Text

from bot import charts
from bot.render import HTML
from bot.render_dashboard import dashboard
from bot.render_summary import summary_markdown
from bot.views import MESSAGE_LIMIT, split_message, visible_length
from flows.content import MODULES
from flows.group import Response, figures_of, tallies
from flows.i18n import translator
from flows.model import ModuleId
from flows.summary import summary
from storage.models import Role
from storage.records import InitiativeRecord
from storage.rounds import RoundRecord
from tests.typography import problems
from usecases.dashboard import Dashboard, Followed

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def crowd(people: int, modules=tuple(ModuleId), seed: int = 7) -> list:
    """Every one of ``people`` answers every item of ``modules`` at random."""
    pick = random.Random(seed)
    responses = [
        Response(r, m, item.id, pick.choice([c.value for c in MODULES[m].scale_for(item).choices]))
        for r in range(1, people + 1)
        for m in modules
        for item in MODULES[m].items
    ]
    return [figures_of(t, 3) for t in tallies(modules, responses)]


def size(image: bytes) -> tuple[int, int]:
    assert image.startswith(PNG_SIGNATURE) and image[12:16] == b"IHDR"
    return struct.unpack(">II", image[16:24])


def texts(figure: Figure) -> list[Text]:
    return [t for t in figure.findobj(Text) if t.get_text() and t.get_visible()]


def rows(figure: Figure) -> int:
    """The items (or modules) of a bar chart: its first axes' labels."""
    return len(figure.axes[0].get_yticklabels())


def test_200_people_and_every_item_split_into_images_of_12_items_at_most():
    modules = crowd(200)
    assert sum(len(m.items) for m in modules) == 48  # the spectrum and phases included
    drawn = charts.charts(modules, translator("en"))
    assert len(drawn) == 14 and max(rows(f) for f in drawn) == 12
    phases = [f for f in drawn if "five phases" in f.get_suptitle()]
    assert [rows(f) for f in phases] == [12, 8, 12, 8]
    assert "(2 of 2)" in phases[1].get_suptitle()
    for figure in drawn:
        width, height = (figure.get_size_inches() * figure.dpi).round()
        assert max(width, height) <= 1280
    for figure in (
        drawn[0],
        phases[0],
        drawn[-1],
    ):  # encoded: the profile, the largest, the spectrum
        assert max(size(charts.png(figure))) <= 1280
        smallest = min(t.get_fontsize() for t in texts(figure))
        assert smallest * figure.dpi / 72 >= 14  # px at 1,280 wide
    # the same figures as text: every message under Telegram's limit
    tr = translator("fr")
    paragraphs = dashboard_text(tr, modules)
    assert all(visible_length(part) <= MESSAGE_LIMIT for part in split_message(paragraphs))


def dashboard_text(tr, modules):
    return dashboard(tr, HTML, dashboard_of(modules))


def dashboard_of(modules) -> Dashboard:
    initiative = InitiativeRecord(
        id=1, name="Quartier Nord", issue="", member_code=None, coach_code=None
    )
    when = datetime(2026, 12, 1, tzinfo=UTC)
    found = RoundRecord(1, 1, 1, "Hiver", tuple(ModuleId), when, None, when, 200)
    followed = Followed(initiative, Role.COACH, None, 0, 0, None, found, None)
    return Dashboard(followed, summary(modules), ())


def test_labels_are_in_the_viewers_language_with_french_typography():
    modules = crowd(12, (ModuleId.PRECONDITIONS, ModuleId.CONDITIONS))
    drawn = charts.charts(modules, translator("fr"))
    shown = []
    for figure in drawn:
        assert size(charts.png(figure))[0] == 1280  # drawing fills in the ticks' labels
        shown += [t.get_text() for t in texts(figure)]
    words = "\n".join(shown)
    for french in ("Pas du tout d'accord", "Je ne sais pas", "Part des réponses comptées", "%"):
        assert french in words
    for english in ("Strongly disagree", "Don't know", "Share of counted answers", "Profile"):
        assert english not in words
    assert problems(words) == []
    assert "Compete" in "\n".join(
        t.get_text() for f in charts.charts(modules, translator("en")) for t in texts(f)
    )


def test_an_item_everyone_answered_the_same_way_is_drawn():
    responses = [
        Response(r, ModuleId.PRECONDITIONS, item.id, 4)
        for r in range(1, 7)
        for item in MODULES[ModuleId.PRECONDITIONS].items
    ]
    modules = [figures_of(t, 3) for t in tallies([ModuleId.PRECONDITIONS], responses)]
    images = charts.draw(modules, "en")
    assert len(images) == 3 and all(size(i)[0] == 1280 for i in images)


def test_withheld_figures_draw_nothing():
    modules = crowd(2, (ModuleId.PRECONDITIONS,))
    assert modules[0].withheld and charts.draw(modules, "en") == []


def test_the_summary_of_every_module_fits_one_page_of_markdown():
    modules = crowd(200)
    for language in ("en", "fr"):
        tr = translator(language)
        page = summary_markdown(tr, dashboard_of(modules))
        lines = page.splitlines()
        assert len(lines) <= 60 and lines[0] == "# Quartier Nord"
        assert lines[-1].startswith("*(") and "CSV" in lines[-1]  # cut, and says where the rest is
    assert problems(page) == []
