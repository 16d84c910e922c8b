"""How updates find their handler: buttons are told apart by their prefix alone."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.handlers import make_routers


def _callback_data_classes() -> list[type[CallbackData]]:
    found, todo = [], list(CallbackData.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__.startswith("bot.")]


def test_every_kind_of_button_has_a_prefix_of_its_own() -> None:
    make_routers()  # every handler module imported
    classes = _callback_data_classes()
    prefixes = [cls.__prefix__ for cls in classes]
    assert len(classes) > 10
    clashes = {p: [c.__name__ for c in classes if c.__prefix__ == p] for p in prefixes}
    assert {p: names for p, names in clashes.items() if len(names) > 1} == {}


def test_walkthrough_taps_are_matched_first_and_stale_buttons_last() -> None:
    routers = make_routers()
    assert routers[0].name == "walkthrough taps"
    assert routers[-1].name == "fallback"
    callback_routers = [r.name for r in routers if r.callback_query.handlers]
    assert callback_routers[0] == "walkthrough taps" and callback_routers[-1] == "fallback"
