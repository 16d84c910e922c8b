"""Charts and files from the dashboard through the fake Bot API: one journey through the chart
worker (forged buttons of another initiative sending nothing on the way), the worker killed."""

import csv
import io
import struct

import pytest

from bot.chart_worker import ChartWorker
from storage import repository as repo
from tests.bot.conftest import Coach, Member
from tests.bot.dying_draw import killed
from tests.bot.test_dashboard_e2e import closed_round
from tests.typography import problems
from usecases import initiatives


def size(image: bytes) -> tuple[int, int]:
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", image[16:24])


@pytest.fixture
async def charted(fake, sqlite_url, clock):
    worker = ChartWorker()
    assert await worker.warm()  # the process started outside the taps' time limits
    running = await Coach(fake, sqlite_url, clock, charts=worker).start()
    yield running
    await running.stop()
    worker.close()


@pytest.mark.usefixtures("forkserver")
async def test_a_coach_gets_the_charts_and_the_files_and_forged_buttons_send_nothing(
    fake, charted, clock
):
    coaches, mia, group = await closed_round(fake, charted, clock)
    cole = coaches["en"]
    await cole.command("/dashboard")
    await cole.tap("Quartier Nord")
    dashboard = cole.screen
    await cole.tap("Charts", dashboard)
    photos = fake.photos(cole.chat)
    assert len(photos) == 3  # the profile, the items' scores, the answers
    assert all(size(p.content)[0] == 1280 and size(p.content)[1] <= 1280 for p in photos)
    assert cole.seen[0].text == "Round “Winter”: the charts of its figures."
    assert cole.answer.answered

    await cole.tap("Figures (CSV)", dashboard)
    [figures] = fake.documents(cole.chat)
    assert figures.file_name == "round-1-figures.csv"
    rows = list(csv.DictReader(io.StringIO(figures.content.decode("utf-8-sig"))))
    assert [(r["item"], r["counted"]) for r in rows] == [
        ("champions", "6"),
        ("urgency", "6"),
        ("resources", "6"),
    ]
    await cole.tap("Answers (CSV)", dashboard)
    answers = fake.documents(cole.chat)[-1]
    assert answers.content.decode("utf-8-sig").count("\r\n") == 1 + 18

    chloe = coaches["fr"]
    await chloe.command("/dashboard")
    await chloe.tap("Quartier Nord")
    await chloe.tap("Synthèse (Markdown)")
    [page] = fake.documents(chloe.chat)
    text = page.content.decode()
    assert page.file_name == "round-1-summary.md" and text.startswith("# Quartier Nord\n")
    assert len(text.splitlines()) <= 60 and "Pour la prochaine réunion" in text
    assert problems(chloe.seen[0].text) == []

    outsider = Member(fake, charted, fake.user(first_name="Eve"))
    async with charted.sessions.begin() as session:
        eve = await repo.telegram_person(session, telegram_id=outsider.chat, display_name="Eve")
        await initiatives.create(session, eve.id, "Quartier Sud", "Shelter.")
    await outsider.command("/dashboard")
    await mia.command("/dashboard")  # a member: pointed to /results, no button
    for person in (outsider, mia):
        screen = fake.last_message(person.chat)
        for data in ("dbc:{}", "dbx:{}:figures", "dbx:{}:answers", "dbx:{}:summary"):
            await person.press_raw(data.format(group.initiative), screen)
            assert person.answer.answer["text"] == "This dashboard is not one you follow."
            assert person.seen == []
        assert fake.photos(person.chat) == fake.documents(person.chat) == []


@pytest.mark.usefixtures("forkserver")
async def test_the_chart_worker_killed_the_coach_gets_the_figures_as_text(fake, sqlite_url, clock):
    worker = ChartWorker(draw=killed)
    running = await Coach(fake, sqlite_url, clock, charts=worker).start()
    try:
        coaches, _, _ = await closed_round(fake, running, clock)
        cole = coaches["en"]
        await cole.command("/dashboard")
        await cole.tap("Quartier Nord")
        dashboard = cole.screen
        await cole.tap("Charts", dashboard)
        assert cole.text.startswith("Sorry, the charts could not be drawn this time.")
        assert "For the next meeting" in cole.text and fake.photos(cole.chat) == []
        await cole.tap("Figures (CSV)", dashboard)  # the bot goes on
        assert [d.file_name for d in fake.documents(cole.chat)] == ["round-1-figures.csv"]
    finally:
        await running.stop()
        worker.close()
