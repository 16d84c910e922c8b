"""A closed round on one page of Markdown, to bring to a meeting: the dashboard's text
(bot/render_dashboard.py) with Markdown's markup, at most 60 lines."""

from __future__ import annotations

import re

from bot.render_dashboard import dashboard
from flows.i18n import Translator
from flows.model import N_
from usecases.dashboard import Dashboard

MOST_LINES = 60
CUT = N_("(Cut to one page: the figures CSV has every item.)")
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


class Markdown:
    def escape(self, text: str) -> str:
        return _SPECIAL.sub(r"\\\1", text)

    def bold(self, text: str) -> str:
        return "\n".join(f"**{line}**" if line else "" for line in text.split("\n"))

    def italic(self, text: str) -> str:
        return "\n".join(f"*{line}*" if line else "" for line in text.split("\n"))


MARKDOWN = Markdown()


def summary_markdown(tr: Translator, shown: Dashboard) -> str:
    """The page; a line of a paragraph ends in a hard break, bullets become a list."""
    lines = [f"# {MARKDOWN.escape(shown.followed.initiative.name)}", ""]
    for paragraph in dashboard(tr, MARKDOWN, shown):
        parts = paragraph.split("\n")
        for number, line in enumerate(parts):
            last = number == len(parts) - 1
            if line.startswith("• "):
                lines.append(f"- {line[2:]}")
            else:
                lines.append(line if last or parts[number + 1].startswith("• ") else f"{line}  ")
        lines.append("")
    if len(lines) > MOST_LINES:
        lines = [*lines[: MOST_LINES - 2], "", MARKDOWN.italic(MARKDOWN.escape(tr(CUT)))]
    return "\n".join(lines).rstrip() + "\n"
