"""The nine leadership principles (seed 000, after Zimmerman, Lindberg & Plsek, *Edgeware*,
1998)."""

from flows.content.scales import AGREEMENT
from flows.model import N_, Item, Module, ModuleId, Step

LEADERSHIP = Module(
    id=ModuleId.LEADERSHIP,
    title=N_("Nine leadership principles"),
    intro=N_(
        "These nine principles, drawn from complexity science, are addressed to backbone staff: "
        "the people who facilitate and coordinate a collective-impact initiative. They describe "
        "how to lead in a complex system, where no one controls everything and answers emerge "
        "along the way. Rate how far your initiative puts each principle into practice today. "
        "There is no perfect score: use the results to choose one or two principles to work on "
        "together."
    ),
    scale=AGREEMENT,
    items=(
        Item(
            id="complexity_lens",
            title=N_("View your system through the lens of complexity"),
            prompt=N_(
                "In our initiative, we approach our system through the lens of complexity, not as "
                "a machine we can fully control."
            ),
            explanation=N_(
                "A community is a living system: many actors interact, and small changes can have "
                "large, unexpected effects. Seeing it this way changes how you plan and lead."
            ),
            next_step=N_(
                "At your next meeting, draw the main actors and links around the issue together, "
                "and note where results are hard to predict."
            ),
        ),
        Item(
            id="good_enough_vision",
            title=N_("Build a good-enough vision"),
            prompt=N_(
                "In our initiative, we let our vision be “perfectly imperfect” rather than trying "
                "to plan out every little detail."
            ),
            explanation=N_(
                "A clear shared direction and a few simple rules are enough to start. The details "
                "are worked out along the way, as partners learn."
            ),
            next_step=N_(
                "Write your shared vision as one concise, clear, optimistic and inspiring "
                "sentence, and agree on a few simple rules rather than a detailed plan."
            ),
        ),
        Item(
            id="clockware_swarmware",
            title=N_("Lead with clockware and swarmware in tandem"),
            prompt=N_(
                "In our initiative, we balance data and intuition, planning and action, caution "
                "and risk-taking."
            ),
            explanation=N_(
                "Clockware is the planned, predictable side of the work; swarmware is "
                "experimenting and letting new ideas emerge. An initiative needs both, each given "
                "its due."
            ),
            next_step=N_(
                "For each main activity, name what is planned and measured and where you leave "
                "room to experiment, then adjust if one side dominates."
            ),
        ),
        Item(
            id="paradox_tension",
            title=N_("Uncover and work with paradox and tension"),
            prompt=N_(
                "In our initiative, we let paradoxes and tensions be expressed rather than "
                "avoiding them."
            ),
            explanation=N_(
                "Tensions between partners, goals or values are normal in a complex effort. "
                "Naming them openly is often where new solutions come from."
            ),
            next_step=N_(
                "Agree on a simple way to raise and manage disagreements, write it into your "
                "collaboration charter, and use it at your next meeting."
            ),
        ),
        Item(
            id="act_at_fringes",
            title=N_("Go for multiple actions at the fringes, let direction arise"),
            prompt=N_(
                "In our initiative, we do not wait for certainty before taking action: we try "
                "several small actions and let direction emerge."
            ),
            explanation=N_(
                "In complex situations you cannot know everything in advance. Small experiments "
                "show what works, and their results guide the next steps."
            ),
            next_step=N_(
                "Choose two or three small, low-cost actions to test in the coming months, and "
                "plan a feedback loop to learn from them."
            ),
        ),
        Item(
            id="tune_to_edge",
            title=N_("Tune your place to the edge"),
            prompt=N_(
                "In our initiative, we create an environment that fosters information sharing, a "
                "plurality of viewpoints, and building links and relationships."
            ),
            explanation=N_(
                "Creativity appears at the edge between too much order and too much chaos: where "
                "information flows, different views meet and people are well connected."
            ),
            next_step=N_(
                "Hold regular, open spaces for dialogue where partners share information and "
                "where differing views are welcome."
            ),
        ),
        Item(
            id="cooperate_compete",
            title=N_("Mix cooperation with competition"),
            prompt=N_(
                "In our initiative, we combine cooperation and competition: it is not one or the "
                "other."
            ),
            explanation=N_(
                "Partners can cooperate on a shared goal while still competing, for example for "
                "funding. Saying so openly builds more trust than hiding it."
            ),
            next_step=N_(
                "Discuss openly where partners compete, for funding or visibility, and agree on "
                "simple rules, such as sharing funding opportunities."
            ),
        ),
        Item(
            id="shadow_system",
            title=N_("Listen to the shadow system"),
            prompt=N_(
                "In our initiative, we pay attention to informal conversations and rumors, "
                "because they shape mental models and beliefs."
            ),
            explanation=N_(
                "Much happens outside formal meetings: hallway talk, rumors and informal "
                "relationships shape what people believe and do. Ignoring them can block change."
            ),
            next_step=N_(
                "Make time for informal exchanges, and regularly ask partners what is being said "
                "about the initiative outside meetings."
            ),
        ),
        Item(
            id="chunking",
            title=N_("Grow complex systems by chunking"),
            prompt=N_(
                "In our initiative, we welcome the complex solutions that emerge from the "
                "interaction between systems, ideas and resources."
            ),
            explanation=N_(
                "Large, lasting solutions rarely come from one master plan. They grow by linking "
                "smaller pieces that already work well on their own."
            ),
            next_step=N_(
                "Identify existing projects that work well and look for ways to connect them, "
                "rather than starting everything from scratch."
            ),
        ),
    ),
    next_steps=(
        Step(
            N_(
                "Choose the one or two principles your group rated lowest, and pick one concrete "
                "practice for each to try before your next review."
            )
        ),
        Step(
            N_(
                "Where backbone staff and partners see a principle differently, talk about it "
                "openly."
            )
        ),
        Step(
            N_(
                "Model the backbone: clarify who facilitates, coordinates and follows up the "
                "collaboration, with what mandate, position and resources."
            ),
            about=("complexity_lens", "paradox_tension", "tune_to_edge"),
        ),
        Step(
            N_(
                "Plan regular feedback loops, such as reviews, lessons learned and evaluation "
                "sessions, to see what works and what needs adjusting."
            ),
            about=("clockware_swarmware", "act_at_fringes", "chunking"),
        ),
        Step(
            N_(
                "Embrace experimentation: every collaboration evolves by trial and error, and "
                "this uncertainty is a source of collective learning."
            ),
            about=("good_enough_vision", "act_at_fringes", "clockware_swarmware"),
        ),
        Step(
            N_(
                "Work with trust and transparency: share power, document decisions and make the "
                "path travelled together visible."
            ),
            about=("cooperate_compete", "shadow_system", "paradox_tension"),
        ),
    ),
    find_out=N_(
        "Watch how your group works at its next two or three meetings with this principle in "
        "mind, then answer again."
    ),
)
