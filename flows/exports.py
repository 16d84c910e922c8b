"""A closed round as CSV files for a spreadsheet: its group figures, one row per item, and its
anonymous answers, one row per respondent and item. UTF-8 with a byte-order mark (so that
spreadsheets read the accents), comma-separated, a decimal point whatever the language; a cell
is empty where the anonymity threshold withholds the figure. The column names stay the same in
every language, so that a sheet built on one round reads the next; titles are translated.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flows.content import MODULES
from flows.group import ItemFigures, ModuleFigures, Response
from flows.i18n import Translator
from flows.model import DONT_KNOW

BOM = "\ufeff"
MOST_CHOICES = 7
"""The collaboration spectrum's; the other scales use the first columns."""
FIGURE_COLUMNS = (
    "module",
    "item",
    "title",
    "scale",
    "respondents",
    "counted",
    "dont_know",
    "score",
    "band",
    "median",
    "q1",
    "q3",
    "consensus",
    "divergent",
    "polarised",
    *(f"n_{value}" for value in range(1, MOST_CHOICES + 1)),
)
ANSWER_COLUMNS = ("respondent", "module", "item", "answer", "dont_know")


def figures_csv(tr: Translator, modules: Sequence[ModuleFigures]) -> str:
    return _csv(FIGURE_COLUMNS, [_figure_row(tr, m, f) for m in modules for f in m.items])


def answers_csv(responses: Iterable[Response]) -> str:
    """Respondents are the round's numbers, which mean nothing outside it."""
    every = ((m.id, item.id) for m in MODULES.values() for item in m.items)
    order = {key: n for n, key in enumerate(every)}
    shown = sorted(responses, key=lambda r: (r.respondent, order.get((r.module, r.item_id), 0)))
    rows = [
        [
            str(r.respondent),
            str(r.module),
            r.item_id,
            "" if r.value == DONT_KNOW else str(r.value),
            "1" if r.value == DONT_KNOW else "0",
        ]
        for r in shown
    ]
    return _csv(ANSWER_COLUMNS, rows)


def _figure_row(tr: Translator, m: ModuleFigures, f: ItemFigures) -> list[str]:
    spread, agreement = f.spread, f.agreement
    counts = [
        str(f.distribution[v]) if v in f.distribution else "" for v in range(1, MOST_CHOICES + 1)
    ]
    return [
        str(m.module.id),
        f.item.id,
        tr(f.item.title),
        str(m.module.scale_for(f.item).kind),
        str(m.respondents),
        str(f.counted),
        str(f.dont_know),
        _number(f.score),
        "" if f.band is None else str(f.band),
        _number(None if spread is None else spread.median),
        _number(None if spread is None else spread.q1),
        _number(None if spread is None else spread.q3),
        _number(None if agreement is None else agreement.consensus, 3),
        "" if agreement is None else str(int(agreement.divergent)),
        "" if agreement is None else str(int(agreement.polarised)),
        *counts,
    ]


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return BOM + out.getvalue()
