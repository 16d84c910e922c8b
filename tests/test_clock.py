"""The clocks the bot and the fake Telegram server share: system time and virtual time."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from tests.clock import DEFAULT_START, Clock, SystemClock, TestClock


def test_virtual_time_starts_on_a_fixed_aware_date() -> None:
    clock = TestClock()
    assert clock.now() == DEFAULT_START == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert clock.now().tzinfo is not None and clock.elapsed == 0
    later = TestClock(datetime(2027, 1, 1, tzinfo=UTC))
    assert later.now().year == 2027
    with pytest.raises(ValueError, match="aware"):
        TestClock(datetime(2027, 1, 1))


async def test_autojump_sleep_moves_both_times_at_once() -> None:
    clock = TestClock()
    start_wall, start_mono = clock.now(), clock.monotonic()
    loop_started = asyncio.get_running_loop().time()

    await clock.sleep(90)
    await clock.sleep(-5)  # a negative sleep is no sleep

    assert clock.now() - start_wall == timedelta(seconds=90)
    assert clock.monotonic() - start_mono == 90 == clock.elapsed
    assert asyncio.get_running_loop().time() - loop_started < 1


async def test_advance_wakes_the_sleepers_whose_deadline_passed() -> None:
    clock = TestClock(autojump=False)
    woke: list[str] = []

    async def nap(name: str, seconds: float) -> None:
        await clock.sleep(seconds)
        woke.append(name)

    tasks = [asyncio.create_task(nap(name, s)) for name, s in [("long", 5), ("short", 1)]]
    await asyncio.sleep(0)
    assert clock.sleepers == 2

    clock.advance(0.5)
    await asyncio.sleep(0)
    assert woke == []
    clock.advance(0.5)
    await asyncio.sleep(0)
    assert woke == ["short"]
    clock.advance(10)
    await asyncio.gather(*tasks)
    assert woke == ["short", "long"] and clock.elapsed == 11


async def test_a_cancelled_sleep_is_left_behind() -> None:
    clock = TestClock(autojump=False)
    task = asyncio.create_task(clock.sleep(3))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert clock.sleepers == 0
    clock.advance(5)
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)


async def test_system_clock_is_real_time() -> None:
    clock: Clock = SystemClock()
    before = clock.monotonic()
    await clock.sleep(0.01)
    assert clock.monotonic() - before >= 0.01
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=1)
    assert clock.now().tzinfo is UTC


@pytest.mark.parametrize("make", [SystemClock, TestClock], ids=["system", "test"])
async def test_both_clocks_keep_the_protocol(make) -> None:
    """Aware UTC datetimes; a float monotonic time that never goes back; a sleep that returns
    once its time has passed on that clock."""
    clock: Clock = make()
    wall, mono = clock.now(), clock.monotonic()

    await clock.sleep(1 / 64)  # exact in binary, so the virtual difference is exact too

    later, mono_later = clock.now(), clock.monotonic()
    assert wall.tzinfo is not None and wall.utcoffset() == later.utcoffset() == timedelta(0)
    assert isinstance(mono, float) and isinstance(mono_later, float)
    assert mono_later - mono >= 1 / 64 and later >= wall
    assert clock.monotonic() >= mono_later
