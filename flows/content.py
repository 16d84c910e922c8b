"""Coaching content: the four modules a member walks through, with their scales.

Every string is an English msgid marked with ``N_``; the French catalog stays faithful to the
seed documents' wording. Item ids are stable: they are stored with every answer and travel in
Telegram callback data, so never rename one.

Sources: FSG, *Channeling Change* (2012) for the three preconditions; the Tamarack-style tool
"Qu'est-ce que l'impact collectif ?" for the five fit questions, the nine leadership principles
(after Zimmerman, Lindberg & Plsek, *Edgeware*, 1998) and the common-agenda elements; the
Tamarack/Collective Impact Forum self-assessment (after FSG's "Phases of Collective Impact") for
the five phases and four components; La Fonda's guide and the ANCT deck for next steps.
"""

from flows.model import (
    DONT_KNOW,
    N_,
    Choice,
    Group,
    Item,
    Module,
    ModuleId,
    Scale,
    ScaleKind,
    Step,
)

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

MODULES: dict[ModuleId, Module] = {m.id: m for m in (PRECONDITIONS, READINESS, LEADERSHIP, PHASES)}
