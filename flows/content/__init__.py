"""Coaching content: the modules a member walks through, one file each, with their scales.

Every string is an English msgid marked with ``N_``; the French catalog stays faithful to the
seed documents' wording. Item ids are stable: they are stored with every answer and travel in
Telegram callback data, so never rename one.

Sources: FSG, *Channeling Change* (2012) for the three preconditions; the Tamarack-style tool
"Qu'est-ce que l'impact collectif ?" for the five fit questions, the nine leadership principles
(after Zimmerman, Lindberg & Plsek, *Edgeware*, 1998) and the common-agenda elements; the
Tamarack/Collective Impact Forum self-assessment (after FSG's "Phases of Collective Impact") for
the five phases and four components; Kania & Kramer's five conditions (SSIR, 2011) in the
seeds' wording, with Cabaj & Weaver's Collective Impact 3.0 (2016) and the ANCT deck's
cooperation agreement and collaboration spectrum; La Fonda's guide and the ANCT deck for next
steps.
"""

from flows.content.conditions import CONDITIONS
from flows.content.fit import READINESS
from flows.content.leadership import LEADERSHIP
from flows.content.phases import PHASES
from flows.content.preconditions import PRECONDITIONS
from flows.model import Module, ModuleId

MODULES: dict[ModuleId, Module] = {
    m.id: m for m in (PRECONDITIONS, READINESS, LEADERSHIP, PHASES, CONDITIONS)
}
