"""The answer scales: the two the modules are rated on, and the collaboration spectrum."""

from flows.model import DONT_KNOW, N_, Choice, Scale, ScaleKind

AGREEMENT = Scale(
    ScaleKind.AGREEMENT,
    (
        Choice(1, N_("Strongly disagree"), "1"),
        Choice(2, N_("Disagree"), "2"),
        Choice(3, N_("Neither agree nor disagree"), "3"),
        Choice(4, N_("Agree"), "4"),
        Choice(5, N_("Strongly agree"), "5"),
        Choice(DONT_KNOW, N_("Don't know"), "d"),
    ),
)

CHECKLIST = Scale(
    ScaleKind.CHECKLIST,
    (
        Choice(1, N_("Not started"), "1"),
        Choice(2, N_("Under way"), "2"),
        Choice(3, N_("In place"), "3"),
        Choice(DONT_KNOW, N_("Don't know"), "d"),
    ),
)

SPECTRUM = Scale(
    ScaleKind.PLACEMENT,
    (
        Choice(
            1,
            N_("Compete"),
            "1",
            N_("Competition for image, resources, beneficiaries, partners or public attention."),
        ),
        Choice(2, N_("Co-exist"), "2", N_("No systematic connection between organizations.")),
        Choice(3, N_("Communicate"), "3", N_("Sharing information, networking and the like.")),
        Choice(
            4,
            N_("Cooperate"),
            "4",
            N_("A functional, often informal relationship, usually around projects and actions."),
        ),
        Choice(
            5,
            N_("Coordinate"),
            "5",
            N_(
                "Organizations systematically adjust and align their efforts to get better "
                "results."
            ),
        ),
        Choice(
            6,
            N_("Collaborate"),
            "6",
            N_(
                "Lasting interactions based on a shared mission, vision, goals, decisions and "
                "resources."
            ),
        ),
        Choice(
            7, N_("Integrate"), "7", N_("Fully integrated programs, vision, planning and funding.")
        ),
        Choice(DONT_KNOW, N_("Don't know"), "d"),
    ),
)
"""The collaboration spectrum of seed 003 (Tamarack): from rivalry to trust, from loose to tight
structure. Seed 003's « Assistance » is Tamarack's "Cooperate"."""
