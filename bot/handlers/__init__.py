"""Routers by concern; ``make_routers`` is the single place they are assembled, in order."""

from aiogram import Router

from bot.handlers import (
    dashboard,
    data_rights,
    groups,
    initiatives,
    members,
    perspectives,
    round_extension,
    round_opening,
    rounds,
    settings,
    start,
    walkthrough,
)


def make_routers() -> list[Router]:
    return [
        # Buttons are told apart by their prefix alone (tests/bot/test_routers.py), so the
        # taps that make most updates are matched first, without going through every router.
        walkthrough.make_taps_router(),
        start.make_router(),
        groups.make_router(),  # commands in groups, and /link anywhere
        round_opening.make_router(),  # before initiatives: a round's title is pending text too
        rounds.make_router(),
        dashboard.make_router(),
        round_extension.make_router(),  # before initiatives: a new deadline is pending text too
        settings.make_router(),  # and so is a setting's value
        members.make_router(),
        perspectives.make_router(),
        data_rights.make_router(),  # before initiatives: a name typed to delete one is too
        initiatives.make_router(),
        walkthrough.make_router(),
        start.make_fallback_router(),
    ]
