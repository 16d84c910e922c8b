"""The three preconditions (FSG, *Channeling Change*, 2012; seeds 001 and 003)."""

from flows.content.scales import AGREEMENT
from flows.model import N_, Item, Module, ModuleId, Step

PRECONDITIONS = Module(
    id=ModuleId.PRECONDITIONS,
    title=N_("The three preconditions"),
    intro=N_(
        "Collective impact is a structured form of cross-sector collaboration: actors from "
        "different sectors commit to a common agenda to solve a complex social problem together. "
        "Before launching such an initiative, three preconditions help a new collaboration "
        "succeed: influential champions, a sense of urgency for change, and adequate resources. "
        "Rate each statement for your initiative. If a precondition is weak, that is a “not yet”, "
        "not a “no”: cultivate it before starting a full collective-impact planning process."
    ),
    scale=AGREEMENT,
    items=(
        Item(
            id="champions",
            title=N_("Influential champions"),
            prompt=N_(
                "Our initiative has influential champions who can bring leaders from several "
                "sectors together and keep them engaged over time."
            ),
            explanation=N_(
                "An individual or a small group with enough influence to bring leaders of several "
                "sectors together. Champions gather people, know the issue and influence "
                "decision-makers; their tenacity and enthusiasm carry the approach."
            ),
            next_step=N_(
                "List the people who already bring others together, know the issue well or "
                "influence decision-makers, and invite two or three of them to form a core group."
            ),
        ),
        Item(
            id="urgency",
            title=N_("Urgency for change"),
            prompt=N_(
                "There is a sense of urgency for change: an opportunity or a crisis is convincing "
                "people that they must act now on this issue or try a new approach."
            ),
            explanation=N_(
                "Urgency is what pushes people to act. It can be positive (a dream, an "
                "opportunity, new funding) or negative (a problem, a tragic event, political "
                "momentum)."
            ),
            next_step=N_(
                "Gather data showing how the issue affects your community and share it in a short "
                "message that explains why acting now matters."
            ),
        ),
        Item(
            id="resources",
            title=N_("Adequate resources"),
            prompt=N_(
                "We have adequate financial, material and human resources to sustain the work for "
                "at least two to three years, with at least one anchor funder."
            ),
            explanation=N_(
                "Collective impact needs a starting investment: funding, but also the people, "
                "time and skills to carry the project. Generally at least one anchor funder "
                "supports the infrastructure and the planning."
            ),
            next_step=N_(
                "Estimate what two to three years of convening, coordination and planning will "
                "cost, and approach a possible anchor funder to support this infrastructure."
            ),
        ),
    ),
    next_steps=(
        Step(
            N_(
                "Compare and discuss your answers as a group: differences in how members see a "
                "precondition are worth talking about."
            )
        ),
        Step(
            N_(
                "Look for champions in all three roles: people who bring others together, people "
                "who know the issue, and people who influence decision-makers."
            ),
            about=("champions",),
        ),
        Step(
            N_(
                "Make the case for change: name the opportunity or crisis that makes action "
                "urgent now, with data to support it."
            ),
            about=("urgency",),
        ),
        Step(
            N_(
                "Secure a starting investment, as funding or dedicated resources, for at least "
                "two to three years, ideally with an anchor funder."
            ),
            about=("resources",),
        ),
        Step(N_("Start with a small core group and grow the collaboration over time.")),
    ),
    find_out=N_(
        "Ask those who know before you decide: partners, funders and elected officials can tell "
        "you who would champion the initiative, what makes it urgent and what resources exist."
    ),
)
