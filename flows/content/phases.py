"""The five phases of development and their four components (seed 000, after FSG's "Phases of
Collective Impact"; the Tamarack/Collective Impact Forum self-assessment)."""

from flows.content.scales import CHECKLIST
from flows.model import N_, Group, Item, Module, ModuleId, Step

PHASES = Module(
    id=ModuleId.PHASES,
    title=N_("The five phases of development"),
    intro=N_(
        "Collective impact initiatives generally move through five phases: Assess Readiness, "
        "Initiate Action, Organize for Impact, Begin Implementation, and Sustain Action and "
        "Impact. In each phase, progress is checked against four components: governance and "
        "infrastructure, strategic planning, community involvement, and evaluation and "
        "improvement. For each item, say whether the work is not started, under way or in place. "
        "The work is cyclical, not linear: going back to an earlier phase is normal."
    ),
    scale=CHECKLIST,
    items=(
        Item(
            id="assess.governance",
            title=N_("Potential champions and resources identified"),
            prompt=N_(
                "Potential champions are identified and we know what resources are available for "
                "the work."
            ),
            explanation=N_(
                "Before starting, it helps to know who could lead the effort and what funding, "
                "people and time exist. These are two of the three preconditions."
            ),
            next_step=N_(
                "Go through the three preconditions with your core group, then list potential "
                "champions and the resources you could count on."
            ),
            group="assess",
        ),
        Item(
            id="assess.planning",
            title=N_("Complexity and urgency of the issue assessed"),
            prompt=N_(
                "We have assessed how complex and how urgent the issue is in our community."
            ),
            explanation=N_(
                "Collective impact fits complex issues that people see as urgent. Assessing this "
                "early tells you whether the approach is worth the effort."
            ),
            next_step=N_(
                "Answer the five fit questions together, and write a few lines on why the issue "
                "is complex and why it is urgent now."
            ),
            group="assess",
        ),
        Item(
            id="assess.community",
            title=N_("History of collaboration known"),
            prompt=N_(
                "We know the history of collaboration in our community and the local "
                "collaborations that already exist."
            ),
            explanation=N_(
                "Past partnerships, successes and conflicts shape what is possible today. "
                "Building on existing collaborations avoids duplicating them."
            ),
            next_step=N_(
                "List existing local collaborations and place your group on the collaboration "
                "spectrum: compete, co-exist, communicate, cooperate, coordinate, collaborate, "
                "integrate."
            ),
            group="assess",
        ),
        Item(
            id="assess.evaluation",
            title=N_("Baseline landscape and data mapped"),
            prompt=N_(
                "We have a first map of the landscape and of the baseline data on the issue."
            ),
            explanation=N_(
                "A baseline describes the situation before the initiative starts. Later, it shows "
                "how much has changed."
            ),
            next_step=N_(
                "Gather the existing data on the issue in your community, and note what is "
                "missing."
            ),
            group="assess",
        ),
        Item(
            id="initiate.governance",
            title=N_("Champions identified, cross-sector group formed"),
            prompt=N_("Champions are identified and a cross-sector group is formed."),
            explanation=N_(
                "A small group of influential people from different sectors convenes the others "
                "and carries the initiative in its early days."
            ),
            next_step=N_(
                "Invite champions from at least three sectors, for example public bodies, "
                "associations, residents and businesses, to a first meeting on the issue."
            ),
            group="initiate",
        ),
        Item(
            id="initiate.planning",
            title=N_("Landscape mapped, case for change made"),
            prompt=N_("We have mapped the landscape and use data to make the case for change."),
            explanation=N_(
                "Knowing who already does what, and showing the issue with data, convinces "
                "partners and funders that acting together is worth it."
            ),
            next_step=N_(
                "Draw a stakeholder map and fill in a one-page collaboration profile: what "
                "transformation is sought, who is concerned, and which levers are identified."
            ),
            group="initiate",
        ),
        Item(
            id="initiate.community",
            title=N_("Community outreach started"),
            prompt=N_(
                "We have started reaching out to the community about the issue and the initiative."
            ),
            explanation=N_(
                "Residents and local groups need to hear about the initiative early, and to be "
                "able to say what matters to them."
            ),
            next_step=N_(
                "Plan a first outreach action, such as a public meeting or visits to local "
                "groups, to listen to residents about the issue."
            ),
            group="initiate",
        ),
        Item(
            id="initiate.evaluation",
            title=N_("Baseline data analyzed"),
            prompt=N_("We have analyzed baseline data to identify the key issues and gaps."),
            explanation=N_(
                "Looking closely at the data shows where needs are greatest and where current "
                "efforts leave gaps."
            ),
            next_step=N_(
                "Review the baseline data together and agree on the two or three key gaps your "
                "initiative should focus on."
            ),
            group="initiate",
        ),
        Item(
            id="organize.governance",
            title=N_("Backbone and processes in place"),
            prompt=N_("A backbone and clear working processes are in place."),
            explanation=N_(
                "The backbone is a dedicated team or structure that coordinates partners and "
                "keeps the work on course. It supports the group; it does not set the agenda "
                "alone."
            ),
            next_step=N_(
                "Model the backbone: write down its mandate, its position in the governance and "
                "its resources, using the seven roles of the backbone as a checklist."
            ),
            group="organize",
        ),
        Item(
            id="organize.planning",
            title=N_("Common agenda with goals and strategy"),
            prompt=N_(
                "We have a common agenda: a shared vision, clear goals and a strategy agreed by "
                "all partners."
            ),
            explanation=N_(
                "With a common agenda, all participants share the same vision for change, the "
                "same understanding of the issue and a joint approach to solving it."
            ),
            next_step=N_(
                "Build the common agenda around five elements: who influences its direction, how "
                "complex the issue is, the situation in your community, who is doing what now, "
                "and the next step."
            ),
            group="organize",
        ),
        Item(
            id="organize.community",
            title=N_("Community engaged, public will built"),
            prompt=N_(
                "We actively engage the community and build public will around the common agenda."
            ),
            explanation=N_(
                "Lasting change needs broad support: residents and local actors should recognize "
                "themselves in the vision and help carry it."
            ),
            next_step=N_(
                "Share the vision and first goals with residents in a simple form, such as a "
                "one-page story, and collect their reactions."
            ),
            group="organize",
        ),
        Item(
            id="organize.evaluation",
            title=N_("Shared metrics agreed"),
            prompt=N_(
                "We have agreed on shared metrics: common indicators and a way to measure them."
            ),
            explanation=N_(
                "Shared measurement means all partners track the same few indicators, so efforts "
                "stay aligned and partners hold each other accountable."
            ),
            next_step=N_(
                "Build a value chain (a simple theory of change) that links your actions to the "
                "transformations sought, and choose a short list of common indicators from it."
            ),
            group="organize",
        ),
        Item(
            id="implement.governance",
            title=N_("Working groups set up and supported"),
            prompt=N_(
                "Working groups are set up and the backbone supports the alignment of their work."
            ),
            explanation=N_(
                "Each working group brings partners together around one strategy. The backbone "
                "helps the groups stay connected to each other and to the common agenda."
            ),
            next_step=N_(
                "Write a collaboration charter that states commitments, roles, how decisions are "
                "made and how disagreements are handled."
            ),
            group="implement",
        ),
        Item(
            id="implement.planning",
            title=N_("Mutually reinforcing activities under way"),
            prompt=N_(
                "Strategies are turned into action plans, and mutually reinforcing activities "
                "have started."
            ),
            explanation=N_(
                "Each partner keeps its own specific role but adjusts its actions to create "
                "synergies, coordinated by the common agenda."
            ),
            next_step=N_(
                "Draw up a roadmap of who does what and when, and check that each action serves a "
                "shared goal."
            ),
            group="implement",
        ),
        Item(
            id="implement.community",
            title=N_("Community members take part in action"),
            prompt=N_(
                "Community members take part in the working groups and in carrying out the "
                "actions."
            ),
            explanation=N_(
                "Residents are not only consulted: they act as leaders, partners and agents of "
                "change in the work itself."
            ),
            next_step=N_(
                "Ask each working group to include residents or people with lived experience, and "
                "adapt meeting times and formats so they can take part."
            ),
            group="implement",
        ),
        Item(
            id="implement.evaluation",
            title=N_("Data collection and first learning loops"),
            prompt=N_(
                "Shared data collection has started, and we take time to learn from the first "
                "results."
            ),
            explanation=N_(
                "Early results, good or bad, show what works. Sharing early wins keeps partners "
                "motivated."
            ),
            next_step=N_(
                "Schedule a first feedback loop, such as a review or lessons-learned session, and "
                "share early wins with partners and the community."
            ),
            group="implement",
        ),
        Item(
            id="sustain.governance",
            title=N_("Governance refined over time"),
            prompt=N_("We regularly review and refine our governance and our backbone support."),
            explanation=N_(
                "Needs change as the initiative grows. Governance and the backbone should adapt "
                "rather than become fixed."
            ),
            next_step=N_(
                "Review your collaboration charter and the roles of the backbone with partners "
                "once a year, and update them."
            ),
            group="sustain",
        ),
        Item(
            id="sustain.planning",
            title=N_("Actions kept aligned with goals"),
            prompt=N_(
                "We keep our actions aligned with the common goals and adjust priorities when the "
                "context changes."
            ),
            explanation=N_(
                "Over time, new projects and resources appear. Checking them against the common "
                "agenda keeps the initiative coherent."
            ),
            next_step=N_(
                "Update your roadmap regularly: adjust priorities to changes in resources or "
                "context, and keep a clear view of current commitments."
            ),
            group="sustain",
        ),
        Item(
            id="sustain.community",
            title=N_("Engagement and advocacy continue"),
            prompt=N_(
                "Community engagement continues, and we advocate with decision-makers for "
                "policies that support our goals."
            ),
            explanation=N_(
                "Keeping people involved over the years takes care. Influencing decision-makers "
                "helps change last beyond individual projects."
            ),
            next_step=N_(
                "Identify one policy or practice that holds back your goals, and plan with "
                "residents how to influence the decision-makers concerned."
            ),
            group="sustain",
        ),
        Item(
            id="sustain.evaluation",
            title=N_("Progress tracked and reported"),
            prompt=N_(
                "We collect, track and report progress, and use the results to learn and improve."
            ),
            explanation=N_(
                "Regular reports show partners and the community what has changed. Learning from "
                "them keeps the work relevant."
            ),
            next_step=N_(
                "Pause and take stock every 6 to 12 months: review your indicators together, "
                "share results publicly and decide what to adjust."
            ),
            group="sustain",
        ),
    ),
    next_steps=(
        Step(
            N_(
                "Start with the items not started or under way in the earliest phase: the work is "
                "cyclical, and going back to an earlier phase is normal."
            )
        ),
        Step(
            N_(
                "For the common agenda, consider five elements: who influences its direction, how "
                "complex the issue is, the situation in your community, who is doing what now, "
                "and the next step."
            ),
            about=("organize.planning",),
        ),
        Step(
            N_(
                "Check the seven roles of the backbone: guide vision and strategy, "
                "cultivate trust, support aligned activities, establish shared measurement, "
                "cultivate community engagement, advance policy, mobilize resources."
            ),
            about=("organize.governance", "implement.governance", "sustain.governance"),
        ),
        Step(
            N_(
                "Use one set of tools per stage: a shared vision, a stakeholder map and a "
                "one-page collaboration profile to start; a value chain and a collaboration "
                "charter to organize; a roadmap and feedback loops to keep going."
            )
        ),
        Step(
            N_(
                "Write your vision in one sentence, then a change strategy: the direct, "
                "intermediate and ultimate changes that lead to it."
            ),
            about=("initiate.planning", "organize.planning", "organize.evaluation"),
        ),
        Step(
            N_(
                "Pause and take stock every 6 to 12 months or when you move to a new phase, and "
                "compare the results with the previous round."
            )
        ),
    ),
    find_out=N_(
        "Ask the people who coordinate the work, or look in your minutes and documents: the "
        "answer often exists somewhere in the group."
    ),
    groups=(
        Group(
            id="assess",
            title=N_("Assess Readiness"),
            explanation=N_(
                "Explore whether the community and its stakeholders have the capacity, resources "
                "and interest to engage in collective impact."
            ),
        ),
        Group(
            id="initiate",
            title=N_("Initiate Action"),
            explanation=N_(
                "Bring key people together and build the case for change, so that the "
                "preconditions are in place."
            ),
        ),
        Group(
            id="organize",
            title=N_("Organize for Impact"),
            explanation=N_(
                "Develop the common agenda and the infrastructure needed to achieve it."
            ),
        ),
        Group(
            id="implement",
            title=N_("Begin Implementation"),
            explanation=N_(
                "Turn strategies into action plans and start mutually reinforcing activities."
            ),
        ),
        Group(
            id="sustain",
            title=N_("Sustain Action and Impact"),
            explanation=N_(
                "Keep the work alive over time: refine, keep people engaged, track progress, "
                "learn and adjust."
            ),
        ),
    ),
    components=(
        Group(
            id="governance",
            title=N_("Governance & Infrastructure"),
            explanation=N_("Who leads, who decides, and what structure supports the work."),
        ),
        Group(
            id="planning",
            title=N_("Strategic Planning"),
            explanation=N_(
                "The shared understanding of the issue, the goals and the strategies to reach "
                "them."
            ),
        ),
        Group(
            id="community",
            title=N_("Community Involvement"),
            explanation=N_(
                "How residents, people with lived experience and the wider community take part."
            ),
        ),
        Group(
            id="evaluation",
            title=N_("Evaluation & Improvement"),
            explanation=N_("How data is gathered and used to learn and improve."),
        ),
    ),
)
