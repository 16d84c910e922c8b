"""The answer scales the modules share."""

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
