"""A closed round's files for those who follow the initiative: its group figures and its
anonymous answers as CSV. The dashboard's view decides who may (usecases/dashboard.py); the
answers need the detail threshold of respondents, as comments do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from flows.exports import answers_csv, figures_csv
from flows.i18n import Translator
from storage import rounds
from usecases.dashboard import Dashboard, view
from usecases.rounds import Refused


class ExportKind(StrEnum):
    FIGURES = "figures"
    ANSWERS = "answers"
    SUMMARY = "summary"


@dataclass(frozen=True, slots=True)
class Export:
    file_name: str
    text: str
    shown: Dashboard


@dataclass(frozen=True, slots=True)
class NothingClosed:
    """No round of the initiative is closed yet."""


@dataclass(frozen=True, slots=True)
class TooFewForAnswers:
    respondents: int
    threshold: int


async def csv_export(
    session: AsyncSession,
    person_id: int,
    initiative_id: int,
    kind: ExportKind,
    tr: Translator,
    now: datetime,
) -> Export | Refused | NothingClosed | TooFewForAnswers:
    """The latest closed round's figures or answers, for those who may read its dashboard."""
    shown = await view(session, person_id, initiative_id, now)
    if isinstance(shown, Refused):
        return shown
    found = shown.followed.latest
    if shown.summary is None or found is None:
        return NothingClosed()
    name = f"round-{found.number}-{kind}.csv"
    if kind is ExportKind.FIGURES:
        return Export(name, figures_csv(tr, shown.summary.modules), shown)
    respondents, threshold = found.respondents or 0, shown.followed.initiative.detail_threshold
    if respondents < threshold:
        return TooFewForAnswers(respondents, threshold)
    snapshot = await rounds.snapshot(session, round_id=found.id)
    return Export(name, answers_csv(snapshot.responses), shown)
