"""Comments written for the demo programme (invented; no real respondent wrote them)."""

IMPROVE = {
    "early": [
        "Honestly it feels like transformation is just another word for cuts. Tell us what is actually changing.",
        "Nobody has explained what the new operating model means for my team.",
        "Too many consultants and interim managers who leave before anything is finished.",
        "Stop announcing restructures by email on a Friday afternoon.",
        "We were told the new system would save time but it takes twice as long to log a case.",
        "The partner staff and our staff sit in different buildings and never talk.",
        "Workload is already too high, we cannot take on new processes without more people.",
        "I don't know who to ask when something goes wrong with the contract.",
        "Plain English please. Half the updates are jargon about 'target operating models'.",
        "Managers seem as confused as we are about what transformation means.",
        "Nothing has changed for residents yet, only for our budgets.",
        "Contract management is done in people's spare time and it shows.",
    ],
    "middle": [
        "The team briefings have helped, keep them going.",
        "Better than it was, but we still hear about changes from residents before our managers.",
        "The joint problem-solving sessions with Meridian were useful. More of those.",
        "Give us time to learn the new case system properly before the next change.",
        "Would be good to see the savings and the service improvements reported side by side.",
        "Still not clear how the partner is rewarded for improving things rather than hitting targets.",
        "Our service manager now explains the why, which makes a big difference.",
        "More training on the new tools, less on the values posters.",
        "Procurement rules slow down every small improvement we try to make.",
        "The contract meetings feel more open than last year.",
        "Please involve frontline staff in designing the changes, we know where the problems are.",
        "Can we align with the neighbouring councils instead of each doing our own version?",
    ],
    "late": [
        "Nothing, it is working well now.",
        "The new online forms really have cut the calls we get about council tax.",
        "Keep the fortnightly updates short like the last two, they were clear.",
        "Partnership feels much more like one team in the contact centre now.",
        "Recognise the people who made the changes work, not just the project leads.",
        "Good progress, but workload in social care is still a real worry.",
        "I finally understand what transformation is for: fewer hand-offs for residents.",
        "The shared dashboard with Meridian has stopped a lot of blame.",
        "Listen to the feedback from these surveys and tell us what you did about it.",
        "Some of the interim roles should become permanent so knowledge isn't lost.",
        "Happy with the direction. Pace is about right.",
        "Flexible working on the new model has been a genuine improvement.",
    ],
}

FRAMING_TEXT = {
    "Cutting costs": [
        "Saving money, mostly by cutting posts.",
        "Doing the same with less budget.",
        "Cost cutting with a nicer name.",
    ],
    "Better services for residents": [
        "Making it easier for residents to get help first time.",
        "Services designed around what residents need, not our departments.",
        "Fewer hand-offs and quicker answers for people who contact us.",
    ],
    "New ways of working": [
        "Working differently together, across teams and with the partner.",
        "Changing how we work so we can keep improving.",
        "Joined-up teams and less duplication.",
    ],
    "Digital and technology": [
        "Moving services online and using better systems.",
        "New IT and self-service for residents.",
    ],
    "Restructuring and job changes": [
        "Restructures and people moving roles.",
        "Changing the structure chart again.",
    ],
    "I'm not sure": [
        "Honestly not sure, it changes every time someone explains it.",
        "No idea yet.",
    ],
}

TRUST = {
    "council": [
        "Meridian need to share problems early rather than at the monthly review.",
        "Be clearer about what is in the contract and what counts as extra.",
        "Some of their managers are excellent, others just point at the specification.",
        "Open-book costing would help us trust the pricing.",
        "A shared set of outcomes that both sides are paid against.",
        "They fixed the payroll issue quickly this quarter, credit where due.",
    ],
    "private_partner": [
        "The council takes a long time to make decisions, which holds up improvements.",
        "We would trust more if budget cuts were discussed with us before they are announced.",
        "Joint planning sessions have built a lot of goodwill.",
        "Give us flexibility to try new ideas without a contract variation every time.",
        "Council staff sometimes blame us for decisions made by the council.",
        "Regular informal catch-ups between managers work better than formal reviews.",
    ],
}

ROUNDTABLE = {
    "rt_definition": [
        "Changing how we deliver services so residents get a better experience at a sustainable cost.",
        "New ways of working, not only savings.",
        "Improving outcomes for residents by working across organisational boundaries.",
        "A clear plan everyone understands, with the customer at the centre.",
    ],
    "rt_useful": [
        "Hearing how the partner manages costs differently to us.",
        "The point that contract management needs to be somebody's actual job.",
        "The discussion about a shared definition of transformation.",
        "Agreeing that we should time work with neighbouring councils better.",
        "That staff read transformation as cost cutting and we need to fix the language.",
    ],
    "rt_next": [
        "Write a one-page definition of transformation and share it with all staff.",
        "Set up a joint contract management group with protected time.",
        "Meet again in three months to review progress.",
        "Bring frontline staff from both organisations into the next session.",
        "Agree two or three shared outcome measures for the partnership.",
    ],
}
