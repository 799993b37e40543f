"""Words TextBlob's lexicon scores as 0 or misses, for public-service and partnership talk.

Values are on TextBlob's -1..1 scale. Measured on human-labelled public-service comments,
adding these moves sentiment macro-F1 more than any threshold does.
"""

DOMAIN_LEXICON: dict[str, float] = {
    # service experience
    "helpful": 0.5, "unhelpful": -0.6, "caring": 0.6, "kind": 0.5, "friendly": 0.5,
    "efficient": 0.5, "professional": 0.4, "prompt": 0.4, "polite": 0.5, "reassuring": 0.5,
    "listened": 0.3, "supportive": 0.5, "respectful": 0.5, "compassionate": 0.6,
    "informative": 0.4, "appreciated": 0.5, "cared": 0.5, "thank": 0.5, "thanks": 0.5,
    "brilliant": 0.8, "fantastic": 0.8, "amazing": 0.8, "wonderful": 0.8, "lovely": 0.6,
    "superb": 0.8, "quick": 0.3, "quickly": 0.3, "clean": 0.3, "safe": 0.3,
    "comfortable": 0.4, "rude": -0.7, "ignored": -0.6, "delayed": -0.5, "delay": -0.4,
    "delays": -0.4, "cancelled": -0.5, "waited": -0.3, "waiting": -0.3, "wait": -0.2,
    "lost": -0.4, "late": -0.4, "dirty": -0.5, "struggled": -0.4, "annoying": -0.5,
    "complaint": -0.4, "disappointed": -0.6, "frustrating": -0.6, "frustrated": -0.6,
    "unacceptable": -0.7, "worse": -0.5, "nobody": -0.3, "pain": -0.3, "cold": -0.3,
    # transformation and partnership
    "confused": -0.4, "confusing": -0.4, "unclear": -0.4, "jargon": -0.3, "worried": -0.4,
    "worry": -0.4, "stressful": -0.5, "stress": -0.4, "understaffed": -0.5, "cuts": -0.4,
    "cutting": -0.2, "redundancies": -0.5, "redundancy": -0.5, "blame": -0.4,
    "overloaded": -0.5, "workload": -0.2, "chaotic": -0.6, "demoralised": -0.7,
    "disjointed": -0.5, "siloed": -0.4, "bureaucratic": -0.4, "mistrust": -0.6,
    "distrust": -0.6, "trust": 0.3, "transparent": 0.4, "openness": 0.4, "collaborative": 0.5,
    "improved": 0.4, "improvement": 0.3, "progress": 0.3, "empowered": 0.5, "valued": 0.5,
    "recognised": 0.4, "clearer": 0.4, "clear": 0.3, "useful": 0.4, "useless": -0.6,
}
NEGATORS = {"not", "no", "never", "hardly", "without"}
