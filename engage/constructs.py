"""What a rated question can measure. Indices are reported per construct."""

CONSTRUCTS: dict[str, str] = {
    "transformation_understanding": "Understanding of transformation",
    "partnership_trust": "Partnership trust",
    "communication": "Communication",
    "change_readiness": "Readiness for change",
    "engagement": "Engagement",
    "leadership": "Leadership",
    "contract_management": "Contract management",
    "innovation": "Innovation",
    "session_value": "Value of the session",
}

# The indices the directors' dashboard follows over waves and across groups.
DASHBOARD_INDICES = ("engagement", "partnership_trust", "transformation_understanding")


def construct_label(code: str | None) -> str:
    if not code:
        return "None"
    return CONSTRUCTS.get(code, code.replace("_", " ").capitalize())
