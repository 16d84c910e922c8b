"""A closed round's CSV files at the use-case layer: who may have them, what they hold, the
answers only above the detail threshold."""

import csv
import io

import pytest

from flows.group import figures_of, tallies
from flows.i18n import translator
from flows.model import DONT_KNOW
from storage import repository as repo
from storage import rounds as storage_rounds
from tests.usecases.team import person
from tests.usecases.test_dashboard import close
from tests.usecases.test_rounds import NOW, PRE, SQLITE_ONLY, answer, big_team, open_pre
from usecases import exports, initiatives, rounds
from usecases.exports import ExportKind

EN = translator("en")
SIX = ("carla", "mia", "noa", "lou", "ana", "ben")


async def six_answered(sessions, values=None):
    """Ana and Ben join the big team; the six answer the preconditions; the round closes."""
    ids = await big_team(sessions)
    async with sessions.begin() as session:
        code, _ = await repo.invite_codes(session, initiative_id=ids["nord"])
        for name in ("ana", "ben"):
            someone = await person(session, name)
            assert await initiatives.join(session, someone.id, code) is not None
            ids[name] = someone.id
    await open_pre(sessions, ids)
    rows = values or [(1, 4, 5), (1, 4, 5), (1, 4, 5), (5, 4, 2), (5, 4, DONT_KNOW), (5, 4, 2)]
    for who, given in zip(SIX, rows, strict=True):
        await answer(sessions, ids, who, given)
    closed = await close(sessions, ids)
    return ids, closed


def read(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # the byte-order mark spreadsheets need
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


async def export(sessions, ids, who, kind):
    async with sessions() as session:
        return await exports.csv_export(session, ids[who], ids["nord"], kind, EN, NOW)


async def test_the_figures_csv_parses_back_to_the_snapshots_figures(sessionmaker):
    ids, closed = await six_answered(sessionmaker)
    made = await export(sessionmaker, ids, "cole", ExportKind.FIGURES)
    assert isinstance(made, exports.Export) and made.file_name == "round-1-figures.csv"
    async with sessionmaker() as session:
        snapshot = await storage_rounds.snapshot(session, round_id=closed.id)
    (expected,) = [figures_of(t, 3) for t in tallies([PRE], snapshot.responses)]
    rows = {row["item"]: row for row in read(made.text)}
    assert list(rows) == [f.item.id for f in expected.items]
    for f in expected.items:
        row = rows[f.item.id]
        assert (int(row["counted"]), int(row["dont_know"])) == (f.counted, f.dont_know)
        assert float(row["score"]) == pytest.approx(f.score, abs=0.05)
        assert float(row["median"]) == f.spread.median
        assert {v: int(row[f"n_{v}"]) for v in range(1, 6)} == dict(f.distribution)
        assert row["n_6"] == row["n_7"] == ""  # not on this scale
        assert float(row["consensus"]) == pytest.approx(f.consensus, abs=0.0005)
    assert rows["urgency"]["consensus"] == "1.000" and rows["urgency"]["divergent"] == "0"
    assert rows["resources"]["dont_know"] == "1" and rows["champions"]["polarised"] == "1"


async def test_below_the_threshold_the_cells_are_empty(sessionmaker):
    ids = await big_team(sessionmaker)
    await open_pre(sessionmaker, ids)
    for who, given in (("carla", (4, 4, 4)), ("mia", (4, 4, DONT_KNOW))):
        await answer(sessionmaker, ids, who, given)
    await close(sessionmaker, ids)
    made = await export(sessionmaker, ids, "carla", ExportKind.FIGURES)
    assert isinstance(made, exports.Export)
    rows = {row["item"]: row for row in read(made.text)}
    assert rows["champions"]["counted"] == "2"
    assert (
        rows["champions"]["score"] == rows["champions"]["n_4"] == rows["champions"]["band"] == ""
    )


async def test_the_answers_csv_has_round_numbers_and_no_person(sessionmaker):
    ids, closed = await six_answered(sessionmaker)
    made = await export(sessionmaker, ids, "carla", ExportKind.ANSWERS)
    assert isinstance(made, exports.Export)
    rows = read(made.text)
    assert list(rows[0]) == ["respondent", "module", "item", "answer", "dont_know"]
    assert len(rows) == 18
    assert {int(r["respondent"]) for r in rows} == set(range(1, 7))  # numbers of the round
    unknown = [r for r in rows if r["dont_know"] == "1"]
    assert [(r["item"], r["answer"]) for r in unknown] == [("resources", "")]
    async with sessionmaker() as session:
        snapshot = await storage_rounds.snapshot(session, round_id=closed.id)
    parsed = sorted((int(r["respondent"]), r["item"], int(r["answer"] or DONT_KNOW)) for r in rows)
    assert parsed == sorted((r.respondent, r.item_id, r.value) for r in snapshot.responses)


async def test_a_round_under_the_detail_threshold_has_no_answers_export(sessionmaker):
    ids = await big_team(sessionmaker)
    await open_pre(sessionmaker, ids)
    for who in ("carla", "mia", "noa", "lou"):
        await answer(sessionmaker, ids, who, (4, 4, 4))
    await close(sessionmaker, ids)
    made = await export(sessionmaker, ids, "cole", ExportKind.ANSWERS)
    assert made == exports.TooFewForAnswers(respondents=4, threshold=5)
    assert isinstance(await export(sessionmaker, ids, "cole", ExportKind.FIGURES), exports.Export)


@pytest.mark.parametrize("kind", [ExportKind.FIGURES, ExportKind.ANSWERS])
@pytest.mark.parametrize(
    ("who", "why"), [("mia", rounds.NOT_ALLOWED), ("eve", rounds.NOT_A_MEMBER)]
)
@SQLITE_ONLY
async def test_only_those_who_follow_the_initiative_have_its_files(sessionmaker, kind, who, why):
    ids, _ = await six_answered(sessionmaker)
    assert await export(sessionmaker, ids, who, kind) == rounds.Refused(why)


async def test_nothing_closed_nothing_exported(sessionmaker):
    ids = await big_team(sessionmaker)
    made = await export(sessionmaker, ids, "cole", ExportKind.FIGURES)
    assert made == exports.NothingClosed()
