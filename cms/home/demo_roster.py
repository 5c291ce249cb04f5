"""The demo's fictional people and places: every name here is made up.

Dates are days before (negative) or after today, so the demo always looks current.
"""

# The demo learner's organization and the demo mentor's, used across the story.
LEARNER_ORGANIZATION = "Aspen Valley County Human Services"
MENTOR_ORGANIZATION = "Bluebird Family Alliance"

LEARNER_PROFILE = {
    "sector": "local",
    "organization": LEARNER_ORGANIZATION,
    "job_title": "Deputy director",
    "state": "CO",
    "years_in_executive_role": 1,
    "share_assessment_with_mentor": True,
}

MENTOR_PROFILE = {
    "sector": "cbo",
    "organization": MENTOR_ORGANIZATION,
    "role": "Executive director",
    "state": "CO",
    "bio": (
        "Twenty years running family programs that contract with three counties; "
        "happy to host a shadowing day."
    ),
    "capacity": 3,
    "hosts_shadowing": True,
    "offers_in_person": True,
    "host_region": "Aspen Valley and the towns along the Silver Fork river",
}
MENTOR_STRENGTHS = (("TR.1", 4), ("FI.3", 4), ("CV.1", 3), ("GV.1", 3))

COHORT_NAME = "Demo cohort"
# (kind, opens, closes) in days from today; the exit window is still to come.
COHORT_START, COHORT_END = -180, 120
WINDOWS = (("baseline", -180, -160), ("midpoint", -75, -55), ("exit", 90, 120))

# Cohort learners besides the demo learner: half public agencies, half CBOs, so
# the growth report has enough people on each side to show its numbers.
# (first, last, sector, organization, job title, state)
COHORT_LEARNERS = (
    (
        "Grace",
        "Okafor",
        "state",
        "State Office of Family Stability",
        "Bureau chief",
        "OH",
    ),
    (
        "Tomás",
        "Reyes",
        "local",
        "Cottonwood Flats County Health and Human Services",
        "Director",
        "TX",
    ),
    (
        "Hannah",
        "Lindqvist",
        "local",
        "Birch Hollow County Family Services",
        "Director",
        "MN",
    ),
    (
        "Owen",
        "Brennan",
        "state",
        "State Division of Aging and Adult Services",
        "Deputy administrator",
        "PA",
    ),
    (
        "Aisha",
        "Rahman",
        "local",
        "Harbor Point County Department of Human Services",
        "Assistant director",
        "WA",
    ),
    (
        "Priya",
        "Natarajan",
        "local",
        "Piñon Mesa County Social Services",
        "Director",
        "NM",
    ),
    (
        "Keisha",
        "Morgan",
        "cbo",
        "Northgate Family Resource Center",
        "Executive director",
        "OH",
    ),
    (
        "Luis",
        "Castillo",
        "cbo",
        "Casa Solana Community Services",
        "Chief executive",
        "TX",
    ),
    ("Mei", "Chen", "cbo", "Lantern House Youth Services", "Executive director", "WA"),
    ("Jordan", "Ellis", "cbo", "Prairie Bridge Food Cooperative", "Director", "MN"),
    (
        "Fatima",
        "Diallo",
        "cbo",
        "New Roots Newcomer Alliance",
        "Executive director",
        "PA",
    ),
    (
        "Rosa",
        "Delgado",
        "cbo",
        "Sunrise Mesa Housing Partners",
        "Chief executive",
        "NM",
    ),
    (
        "Samuel",
        "Kwan",
        "cbo",
        "Eastside Recovery Collective",
        "Executive director",
        "CO",
    ),
)

# Mentors who take part in matching rounds; none of them can log in.
# (first, last, sector, organization, role, state, hosts shadowing, strengths)
ROUND_MENTORS = (
    ("Denise", "Carver", "state", "State Office of Community Partnerships",
     "Deputy director", "OH", False, (("SP.1", 4), ("GV.2", 3))),
    ("Raymond", "Oyelaran", "local", "Juniper Ridge County Human Services",
     "Director", "WA", True, (("DA.1", 4), ("SI.2", 3))),
    ("Elena", "Marsh", "cbo", "Riverbend Community Partners",
     "Executive director", "TX", False, (("FI.1", 4), ("TR.2", 3))),
    ("Tariq", "Haddad", "cbo", "Open Table Collaborative",
     "Chief executive", "MN", True, (("CV.2", 4), ("EQ.1", 3))),
)  # fmt: skip

# The finished round matched these learners; the open round awaits review.
# (learner's last name, what they asked for, goals)
FINISHED_ROUND = "First matching round"
FINISHED_ROUND_REQUESTS = (
    ("Okafor", "mentoring", "Build a contracting relationship with community groups."),
    ("Reyes", "mentoring", "Learn how a community organization plans its budget."),
    ("Morgan", "mentoring", "Understand how the state decides what to fund."),
    ("Chen", "mentoring", "Get ready to sit on the county's youth services board."),
)
OPEN_ROUND = "Second matching round"
OPEN_ROUND_REQUESTS = (
    ("Lindqvist", "shadowing", "Spend two days inside a community food program."),
    ("Castillo", "mentoring", "Learn how a county sets its human services priorities."),
    ("Rahman", "both", "A mentor, and a visit to a housing program near Harbor Point."),
    ("Ellis", "mentoring", "Understand public procurement before our first bid."),
)
