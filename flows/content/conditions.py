"""The five conditions of collective impact (seed 000, La Fonda's wording in 002), what the
Collective Impact 3.0 reading adds (seeds 001 and 003), two questions of the ANCT « entente de
coopération » and the collaboration spectrum as a placement (seed 003)."""

from flows.content.scales import AGREEMENT, SPECTRUM
from flows.model import N_, Item, Module, ModuleId, Step

MODEL_THE_BACKBONE = N_(
    "Model the backbone: clarify who facilitates, coordinates and follows up the "
    "collaboration, with what mandate, position and resources."
)
FEEDBACK_LOOPS = N_(
    "Plan regular feedback loops, such as reviews, lessons learned and evaluation "
    "sessions, to see what works and what needs adjusting."
)
TRUST_AND_TRANSPARENCY = N_(
    "Work with trust and transparency: share power, document decisions and make the "
    "path travelled together visible."
)

CONDITIONS = Module(
    id=ModuleId.CONDITIONS,
    title=N_("The five conditions of collective impact"),
    intro=N_(
        "Collective impact rests on five conditions: a common agenda, shared measurement, "
        "mutually reinforcing activities, continuous communication and backbone support. "
        "Collective Impact 3.0 adds what practice has taught since: the inclusive engagement "
        "of the people concerned, high-leverage strategies and strategic learning. Two "
        "questions from the cooperation agreement ask how you decide together. Rate each "
        "statement for your initiative; the last question asks where your collaboration "
        "stands today on the collaboration spectrum."
    ),
    scale=AGREEMENT,
    items=(
        Item(
            id="common_agenda",
            title=N_("Common agenda"),
            prompt=N_(
                "All participants share the same vision of change, the same understanding of "
                "the issue and a common approach to solving it through concerted actions."
            ),
            explanation=N_(
                "A shared understanding of the problem, clear goals, a collective strategy and "
                "defined responsibilities."
            ),
            next_step=N_(
                "Build a shared reading of the situation together, with a portrait and a "
                "collective diagnosis, then a vision exercise: it lays a frame of reference "
                "all partners share."
            ),
        ),
        Item(
            id="shared_measurement",
            title=N_("Shared measurement"),
            prompt=N_(
                "We collect information and regularly assess the results of all participants, "
                "so that our efforts stay aligned and we hold each other accountable."
            ),
            explanation=N_(
                "A shared measurement system serves to steer, to learn together and to adjust "
                "when needed, with a short list of common indicators."
            ),
            next_step=N_(
                "Build a value chain (a simple theory of change) that links your actions to the "
                "changes you aim for: it is the start of a shared measurement system."
            ),
        ),
        Item(
            id="reinforcing_activities",
            title=N_("Mutually reinforcing activities"),
            prompt=N_(
                "Participants' activities differ while staying coordinated and united by a "
                "common agenda."
            ),
            explanation=N_(
                "Each actor keeps what makes it distinct, but adjusts its actions to create "
                "synergies."
            ),
            next_step=N_(
                "Map who is doing what on the issue today, and look for where actions could "
                "support one another rather than overlap."
            ),
        ),
        Item(
            id="communication",
            title=N_("Continuous communication"),
            prompt=N_(
                "We communicate regularly and openly among the many actors, which builds trust "
                "and reinforces our objectives towards one and the same goal."
            ),
            explanation=N_(
                "Regular spaces for dialogue, for settling tensions and for transparency, to "
                "nurture trust."
            ),
            next_step=N_(
                "Foster mutual knowledge: set regular times to learn the logics, constraints and "
                "cultures of each partner, and keep it up over time."
            ),
        ),
        Item(
            id="backbone",
            title=N_("Backbone support"),
            prompt=N_(
                "Our collaboration has a backbone that facilitates it, coordinates it and keeps "
                "it coherent, whether a dedicated organization, a function shared among several "
                "partners or one distributed within the governance."
            ),
            explanation=N_(
                "Collaboration cannot rest on goodwill alone. The backbone's form varies with "
                "needs and resources; what matters is that its mandate, position and resources "
                "are clear."
            ),
            next_step=MODEL_THE_BACKBONE,
        ),
        Item(
            id="inclusive_engagement",
            title=N_("Inclusive engagement"),
            prompt=N_(
                "A wide range of actors takes part in our initiative, among them the people "
                "directly concerned and residents."
            ),
            explanation=N_(
                "Bringing in many actors from several sectors gives a fuller reading of the "
                "issues and a wider capacity to act: a systemic view, divergent ideas and "
                "converging solutions."
            ),
            next_step=N_(
                "List who is missing from the table, residents, people with lived experience "
                "and the private sector included, and invite them as equals."
            ),
        ),
        Item(
            id="high_leverage",
            title=N_("High-leverage strategies"),
            prompt=N_("We prioritize influential projects aligned with our change strategy."),
            explanation=N_(
                "The strategies chosen aim at systemic change, and together they should achieve "
                "the most impact for the least effort."
            ),
            next_step=N_(
                "Sketch your change strategy, the direct, intermediate and ultimate changes, and "
                "pick the projects that move it most."
            ),
        ),
        Item(
            id="strategic_learning",
            title=N_("Strategic learning"),
            prompt=N_(
                "We evaluate the results and effects of our project together, and build what "
                "we learn into our work to improve our impact."
            ),
            explanation=N_(
                "Evaluation is a lever to learn and adjust along the way. Partners also learn "
                "from how they collaborate, and share data and conclusions."
            ),
            next_step=FEEDBACK_LOOPS,
        ),
        Item(
            id="who_decides",
            title=N_("Who decides what"),
            prompt=N_("We know who decides what, and how decisions are made."),
            explanation=N_(
                "A question of the cooperation agreement: the main reference points of how you "
                "work together to carry out your change strategy."
            ),
            next_step=N_(
                "Write a collaboration charter: commitments, working principles, governance, "
                "roles and how disagreements are handled. It is not a legal contract but a "
                "living tool."
            ),
        ),
        Item(
            id="citizens_place",
            title=N_("The place of citizens"),
            prompt=N_("Citizens have a clear place in our decisions."),
            explanation=N_(
                "The other question of the cooperation agreement: who takes part in each place "
                "where the collaboration works and decides, and what place citizens have there."
            ),
            next_step=N_(
                "For each place where your collaboration works and decides, write down who "
                "takes part and what place citizens have, then agree on it together."
            ),
        ),
        Item(
            id="spectrum",
            title=N_("Collaboration spectrum"),
            prompt=N_(
                "Where does your collaboration stand today on the collaboration spectrum, from "
                "rivalry to trust?"
            ),
            explanation=N_(
                "From rivalry to trust, and from loose to tight structure. There is no right "
                "answer: this places your group, it is not scored."
            ),
            next_step=N_(
                "Place your collaboration on the spectrum together, then share your latest "
                "progress in relation to that position."
            ),
            scale=SPECTRUM,
        ),
    ),
    next_steps=(
        Step(
            N_(
                "Place your collaboration on the spectrum together, then share your latest "
                "progress in relation to that position."
            ),
            about=("spectrum",),
        ),
        Step(
            N_(
                "Prototype your ideal cooperation agreement: working principles, places of "
                "cooperation, power, communication and the involvement of everyone's talents."
            ),
            about=("who_decides", "citizens_place", "inclusive_engagement"),
        ),
        Step(
            N_(
                "Take care of the backbone: think about this coordinating role from the start, "
                "as a dedicated organization, a function shared among partners or one "
                "distributed within the governance."
            ),
            about=("backbone", "communication"),
        ),
        Step(TRUST_AND_TRANSPARENCY, about=("communication", "who_decides")),
        Step(FEEDBACK_LOOPS, about=("shared_measurement", "high_leverage")),
        Step(
            N_(
                "Share your data and conclusions among partners, and publicly, for transparency "
                "and to mobilize."
            ),
            about=("strategic_learning", "shared_measurement"),
        ),
        Step(N_("Compare your answers and discuss the conditions where you disagree most.")),
        Step(
            N_(
                "Pause and take stock once a year: go through the conditions together and plan "
                "the year ahead."
            )
        ),
    ),
    find_out=N_(
        "Ask the partners at your next meeting how they see these conditions, or look back at "
        "your last meetings and decisions, then answer again."
    ),
)
