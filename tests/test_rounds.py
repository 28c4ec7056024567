import pytest

from datasette_interview_prep.core.rounds import FAMILIES, ROUND_TYPES, classify, family_of, is_interview


@pytest.mark.parametrize(
    "name,details,expected",
    [
        ("Recruiter screening", "", "recruiter_screen"),
        ("Recruiter phone/video screen", "", "recruiter_screen"),
        ("Head of Talent introductory chat - Zac Wallis", "", "recruiter_screen"),
        ("Screening call with talent partner - Peter", "", "recruiter_screen"),
        ("Intro call", "background & mission alignment", "recruiter_screen"),
        ("Phone screen with Talent Acquisition", "", "recruiter_screen"),
        ("Quick call with Tech Recruiter", "", "recruiter_screen"),
        ("Hiring manager interview", "", "hiring_manager"),
        ("Video interview with Hiring Manager", "MS Teams", "hiring_manager"),
        ("Engineering manager call", "", "hiring_manager"),
        ("Head of AI conversation - Albert Ziegler", "", "hiring_manager"),
        ("Call with CTO to explore initial fit", "", "hiring_manager"),
        ("Live coding challenge", "", "coding"),
        ("Technical screen - coding challenge", "", "coding"),
        ("Feature Building Interview", "", "coding"),
        ("Pair programming on production code", "", "coding"),
        ("Performance exercise", "live coding or whiteboarding", "coding"),
        ("Online assessment", "motivational questionnaire + aptitude test", "online_assessment"),
        ("CodeSignal GCA", "", "online_assessment"),
        ("Ribbon AI interview", "asynchronous AI-powered guided video", "online_assessment"),
        ("AI System Design Interview", "", "system_design"),
        ("System Design Interview", "", "system_design"),
        ("ML system design", "", "system_design"),
        ("ML fundamentals deep dive", "", "ml_deep_dive"),
        ("LLM and RAG discussion", "", "ml_deep_dive"),
        ("Code review round", "", "code_review"),
        ("Refactoring round", "", "code_review"),
        ("Technical project presentation", "", "project_deep_dive"),
        ("Walkthrough of exercise (or technical interview based on take-home)", "", "project_deep_dive"),
        ("Take-home assignment", "2-3 hours", "take_home"),
        ("Test task", "", "take_home"),
        ("Build a project with Roboflow + present to CTO", "", "take_home"),
        ("PostHog SuperDay - paid full day of work", "", "work_trial"),
        ("Paid 2-day work trial", "", "work_trial"),
        ("Behavioral Interview", "", "behavioral"),
        ("Values interview with senior tech leadership", "", "behavioral"),
        ("Biographical/behavioural interview", "", "behavioral"),
        ("Team interview", "collaboration, communication", "team"),
        ("Peer interview", "", "team"),
        ("Meet the day-to-day team", "", "team"),
        ("Panel interview", "", "panel"),
        ("Virtual onsite", "two 90-min technical + one 60-min culture", "panel"),
        ("Final round (onsite)", "", "panel"),
        ("CEO and founder meeting - Oege de Moor", "", "founder"),
        ("Co-founder call", "", "founder"),
        ("Meet the exec team", "", "founder"),
        ("Reference check", "", "reference_check"),
        ("References + offer", "", "reference_check"),
        ("Offer", "", "offer"),
        ("Application review", "", "application_review"),
        ("Resume review by hiring manager", "", "application_review"),
        ("Submit CV + answers to screening questions", "", "application_review"),
        ("Technical interview", "", "technical"),
        ("Technical Assessment", "", "technical"),
        ("Round 2", "", "other"),
    ],
)
def test_classify(name, details, expected):
    assert classify(name, details) == expected


def test_details_break_ties_when_the_name_says_nothing():
    assert classify("Round 1", "live coding in CoderPad") == "coding"
    assert classify("Stage 3", "") == "other"


def test_every_round_type_has_a_known_family():
    assert {round_type.family for round_type in ROUND_TYPES} <= set(FAMILIES)
    assert family_of("take_home") == "take_home"


def test_admin_stages_are_not_interviews():
    assert not is_interview("application_review")
    assert not is_interview("reference_check")
    assert not is_interview("offer")
    assert is_interview("recruiter_screen")
