"""The five questions to determine fit (seed 000, verbatim), with the fit gate of seed 004."""

from flows.content.scales import AGREEMENT
from flows.model import N_, Item, Module, ModuleId, Step

READINESS = Module(
    id=ModuleId.READINESS,
    title=N_("Five questions to determine fit"),
    intro=N_(
        "Collective impact is one of the most demanding and intense forms of collaboration, so it "
        "should be used only when such integration is really needed. These five questions help "
        "your group decide whether the approach fits your issue. Rate each statement for your "
        "initiative, then compare and discuss your answers together. Low answers are not a "
        "failure: they show what to clarify first, or that a lighter form of cooperation may fit "
        "better for now."
    ),
    scale=AGREEMENT,
    items=(
        Item(
            id="complex_issue",
            title=N_("Complex issue, population-level target"),
            prompt=N_(
                "We aim to solve a complex issue with a measurable population-level target (for "
                "example 10 percent or more) across the whole community."
            ),
            explanation=N_(
                "Collective impact is meant for complex problems that no organization can solve "
                "alone, such as youth unemployment, low graduation rates or poverty, with a clear "
                "target for a whole population."
            ),
            next_step=N_(
                "Describe the issue in one sentence and agree on one measurable population-level "
                "target for the whole community."
            ),
        ),
        Item(
            id="long_term",
            title=N_("Diverse stakeholders over the long term"),
            prompt=N_(
                "We believe diverse stakeholders need to be involved over the long term (3 to 5 "
                "years or more) to achieve the desired impact."
            ),
            explanation=N_(
                "Collective impact is neither a one-off pooling of resources nor a simple "
                "coordination: it is a long-term commitment. Population-level results usually "
                "take at least three to five years to appear."
            ),
            next_step=N_(
                "Ask each partner what they can commit to for the next three to five years, and "
                "record these commitments."
            ),
        ),
        Item(
            id="cross_sector",
            title=N_("Cross-sector mobilization"),
            prompt=N_(
                "We believe cross-sector mobilization is essential to bring about change across "
                "the whole community."
            ),
            explanation=N_(
                "No actor can face complex challenges alone. Bringing together residents, "
                "associations, public institutions and businesses gives a richer reading of the "
                "issue and a broader capacity to act."
            ),
            next_step=N_(
                "Draw a stakeholder map of the actors involved in or affected by the issue, and "
                "note which sectors are missing from the table."
            ),
        ),
        Item(
            id="data_learning",
            title=N_("Data and learning"),
            prompt=N_(
                "We are willing to rely on measurable data to document the issue and the results, "
                "and to feed what we learn back into action."
            ),
            explanation=N_(
                "In collective impact, partners evaluate results together, learn from them and "
                "adjust. They share data and findings with each other, and publicly, for "
                "transparency and mobilization."
            ),
            next_step=N_(
                "List the data that already exists on the issue in your community, and plan a "
                "first meeting to review it together."
            ),
        ),
        Item(
            id="community_leaders",
            title=N_("Community members as leaders"),
            prompt=N_(
                "We are ready for community members to act as leaders, partners and agents of "
                "change to achieve collective impact."
            ),
            explanation=N_(
                "Inclusive engagement treats the participation of residents and people with lived "
                "experience as essential. Community members help define the problem and the "
                "solutions, alongside organizations."
            ),
            next_step=N_(
                "Invite residents or people with lived experience of the issue to your next "
                "meeting, and decide together what place they will have in decisions."
            ),
        ),
    ),
    next_steps=(
        Step(N_("Compare your answers and discuss the questions where you disagree most.")),
        Step(
            N_(
                "Place your group on the collaboration spectrum, from compete to integrate, to "
                "see which form of cooperation fits today."
            ),
            about=(
                "complex_issue",
                "long_term",
                "cross_sector",
                "data_learning",
                "community_leaders",
            ),
        ),
        Step(
            N_(
                "Define clearly the issue you want to solve and realistic strategies to get "
                "there: it makes a common agenda easier to build."
            ),
            about=("complex_issue",),
        ),
        Step(
            N_("Analyze the data on the situation in your community to guide the common agenda."),
            about=("data_learning",),
        ),
        Step(
            N_("Map who is doing what right now on the issue in your community."),
            about=("cross_sector",),
        ),
        Step(N_("Start with a small core group and grow the collaboration over time.")),
    ),
    find_out=N_(
        "Put these questions to your partners and to the people concerned at your next meeting: "
        "a “don't know” shared by several members is worth a conversation."
    ),
)
