"""An open question for the next meeting on every item, for the discussion agenda
(flows/agenda.py): drawn from the seeds' guidance on the item (the five elements of a common
agenda, the nine principles, La Fonda's tools by stage, the ANCT cooperation agreement), and
the module's own question for an item that has none. English msgids; the French catalog keeps
the seeds' words."""

from flows.model import N_, ModuleId

MODULE_QUESTIONS: dict[ModuleId, str] = {
    ModuleId.PRECONDITIONS: N_("Which precondition should we cultivate first, and how?"),
    ModuleId.READINESS: N_(
        "Does collective impact fit our issue today, or would a lighter form of cooperation fit "
        "better for now?"
    ),
    ModuleId.LEADERSHIP: N_(
        "Which of these principles do we live day to day, and which do we find hard?"
    ),
    ModuleId.PHASES: N_(
        "Where does our initiative stand in its development, and what must be in place before the "
        "next phase?"
    ),
    ModuleId.CONDITIONS: N_(
        "Which condition would most strengthen our collaboration if we worked on it now?"
    ),
}

QUESTIONS: dict[ModuleId, dict[str, str]] = {
    ModuleId.PRECONDITIONS: {
        "champions": N_(
            "Who are our champions today: who brings people together, who knows the issue, who "
            "influences decision-makers, and who is still missing?"
        ),
        "urgency": N_(
            "What opportunity or crisis makes it urgent to act now, and do we all see it the same "
            "way?"
        ),
        "resources": N_(
            "What financial, material and human resources can we count on for the next two to "
            "three years, and who could be our anchor funder?"
        ),
    },
    ModuleId.READINESS: {
        "complex_issue": N_(
            "How complex is the issue, and what measurable population-level target would we set "
            "ourselves for the whole community?"
        ),
        "long_term": N_(
            "Who needs to be involved over the next three to five years, and what can each of us "
            "commit to?"
        ),
        "cross_sector": N_(
            "Who is doing what on the issue right now, and which sectors are missing from the "
            "table?"
        ),
        "data_learning": N_(
            "What does the data tell us about the issue in our community, and how would we feed "
            "what we learn back into action?"
        ),
        "community_leaders": N_(
            "What place do we give community members: leaders, partners and agents of change, or "
            "people we consult?"
        ),
    },
    ModuleId.LEADERSHIP: {
        "complexity_lens": N_(
            "Where do we still treat our system as a machine we can control, and what would change"
            " if we saw it through the lens of complexity?"
        ),
        "good_enough_vision": N_(
            "Is our vision clear enough to act on, or are we still trying to plan every little "
            "detail?"
        ),
        "clockware_swarmware": N_(
            "Where do we lean too far towards data or intuition, planning or action, caution or "
            "risk-taking?"
        ),
        "paradox_tension": N_(
            "Which tensions between us do we avoid naming, and how could we give them room?"
        ),
        "act_at_fringes": N_("What small action could we try now, without waiting for certainty?"),
        "tune_to_edge": N_(
            "How do we make room for a plurality of viewpoints, and whom do we rarely hear?"
        ),
        "cooperate_compete": N_(
            "Where do we compete as partners, and how can we cooperate without denying it?"
        ),
        "shadow_system": N_(
            "What do informal conversations and rumors say about our initiative, and how do we "
            "take them into account?"
        ),
        "chunking": N_(
            "Which solutions have emerged from our exchanges that no one had planned, and how do "
            "we welcome them?"
        ),
    },
    ModuleId.PHASES: {
        "assess.governance": N_(
            "Who could champion the work, and what resources could we count on?"
        ),
        "assess.planning": N_("Why is the issue complex, and why is it urgent now?"),
        "assess.community": N_(
            "Which collaborations already exist on the issue, and what have past partnerships "
            "taught us?"
        ),
        "assess.evaluation": N_(
            "What do we already know about the situation today, and which data are we missing for "
            "a baseline?"
        ),
        "initiate.governance": N_(
            "Which sectors does our cross-sector group bring together, and who else should join "
            "it?"
        ),
        "initiate.planning": N_(
            "What case for change can we make with the data we have, and who needs to hear it?"
        ),
        "initiate.community": N_(
            "Whom in the community have we already reached, and whom not yet?"
        ),
        "initiate.evaluation": N_("What key issues and gaps do the baseline data show?"),
        "organize.governance": N_(
            "Who facilitates, coordinates and follows up our collaboration, with what mandate and "
            "resources?"
        ),
        "organize.planning": N_(
            "Could each partner state our shared vision, goals and strategy in the same words?"
        ),
        "organize.community": N_(
            "How do we involve the community in the common agenda, and how do we build public will"
            " around it?"
        ),
        "organize.evaluation": N_(
            "Which few indicators would show that we are making progress, and who will measure "
            "them?"
        ),
        "implement.governance": N_(
            "What do our working groups need from the backbone to keep their work aligned?"
        ),
        "implement.planning": N_(
            "How do our activities reinforce one another, and where do they overlap or leave gaps?"
        ),
        "implement.community": N_(
            "How do community members take part in the working groups and the actions, and what "
            "holds them back?"
        ),
        "implement.evaluation": N_(
            "What have the first results taught us, and what will we adjust?"
        ),
        "sustain.governance": N_(
            "When did we last review our governance and our backbone support, and what would we "
            "change today?"
        ),
        "sustain.planning": N_(
            "Are our actions still aligned with our common goals, and which priorities should "
            "change with the context?"
        ),
        "sustain.community": N_(
            "How do we keep the community engaged, and which decision-makers should we approach "
            "next?"
        ),
        "sustain.evaluation": N_(
            "How do we report our progress, to whom, and what do we learn from it?"
        ),
    },
    ModuleId.CONDITIONS: {
        "common_agenda": N_(
            "Do we share the same reading of the situation and the same vision of change, and "
            "where do we differ?"
        ),
        "shared_measurement": N_(
            "Which results do we follow together, and how do they help us steer, learn and adjust?"
        ),
        "reinforcing_activities": N_(
            "How does each partner keep its own role while adjusting its actions to create "
            "synergies?"
        ),
        "communication": N_(
            "Where do we have regular spaces for open dialogue, and what would build more trust "
            "between us?"
        ),
        "backbone": N_(
            "Who plays the backbone role today, with what mandate and resources, and is that "
            "enough?"
        ),
        "inclusive_engagement": N_(
            "Who is not at the table yet, especially among the people directly concerned and "
            "residents?"
        ),
        "high_leverage": N_(
            "Which of our projects contribute most to our change strategy, and which could we let "
            "go?"
        ),
        "strategic_learning": N_(
            "What have we learnt together from our results, and what have we changed because of "
            "it?"
        ),
        "who_decides": N_("Who decides what, and how are decisions made?"),
        "citizens_place": N_(
            "What place do citizens have in our decisions, and what place would we like them to "
            "have?"
        ),
        "spectrum": N_(
            "Where do we place our collaboration on the spectrum today, and what recent progress "
            "supports that placement?"
        ),
    },
}


def question(module: ModuleId, item_id: str) -> str:
    """The open question on an item (an English msgid); the module's for one without its own."""
    return QUESTIONS.get(module, {}).get(item_id) or MODULE_QUESTIONS[module]
