"""The offline improver: restructures a CV into Markdown, aims its summary at the job with
facts the CV states, and lists what the job asks for and the CV lacks, never inventing."""

import re

import pytest

from cvimprover.adapters.ai.local_improver import LocalImprover
from cvimprover.core.cvs.model import (
    ApplicationTimeline,
    CompanySize,
    ExperienceLevel,
    ImprovementRequest,
    JobTarget,
)

STRUCTURED_CV = """\
Jane Doe
Senior Backend Engineer

PROFILE
Backend engineer with 8+ years of experience building payment systems.

Work Experience
Senior Software Engineer at Acme Payments Ltd, 2019 \u2013 Present
- Designed a ledger service in Python handling 2M transactions a day
- Led a team of 4 engineers and introduced code review
Technologies: Python, Django, PostgreSQL
Software Engineer, Brightside Bank (2015 \u2013 2019)
- Built REST APIs in Java and Spring Boot

Education
BSc Computer Science, University of Leeds, 2011 \u2013 2015

Skills
Java, Spring Boot, Excel, PostgreSQL, Python, Docker, Photoshop

Languages
English (native), Spanish (fluent)
"""
JOB_DESCRIPTION = """\
We are hiring a Backend Engineer to join our payments platform at Finly.
You will design APIs in Python and run them on Kubernetes with Terraform on AWS.
Requirements:
- Strong Python and PostgreSQL; Docker in production.
- Experience with Kafka or other event streaming.
- Python type hints and automated testing."""
UNSTRUCTURED_CV = """\
John Smith
Warehouse supervisor with 12 years experience in logistics.
Shift Supervisor at Acme Logistics, 2016 - 2024
Managed a crew of 15 pickers and ran the SAP stock counts
Forklift licence, SAP, Excel, Health and Safety
NVQ Level 3 Diploma in Warehousing, Leeds College, 2012
"""


def a_request(cv_text: str = STRUCTURED_CV, **target: str) -> ImprovementRequest:
    job = JobTarget(
        position=target.get("position", "Backend Engineer"),
        industry=target.get("industry", "FinTech"),
        experience_level=ExperienceLevel.SENIOR,
        company_size=CompanySize.STARTUP,
        application_timeline=ApplicationTimeline.IMMEDIATE,
        job_description=target.get("job_description", JOB_DESCRIPTION),
    )
    return ImprovementRequest(
        instructions="unused offline",
        prompt="unused offline",
        cv_text=cv_text,
        target=job,
        user_request="",
    )


def improved(request: ImprovementRequest) -> str:
    return LocalImprover().improve(request).markdown


def section(markdown: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"no ## {title} in:\n{markdown}"
    return match.group(1).strip()


def bullets(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("- ")]


def skills_of(markdown: str) -> list[str]:
    return section(markdown, "Skills").strip().split(" · ")


def headings(markdown: str) -> list[str]:
    return re.findall(r"^#{1,2} (.+)$", markdown, re.M)


def test_a_cv_is_restructured_into_markdown_sections_under_its_owners_name() -> None:
    markdown = improved(a_request())

    assert headings(markdown) == [
        "Jane Doe",
        "Summary",
        "Experience",
        "Education",
        "Skills",
        "Languages",
    ]


def test_the_cvs_own_lines_are_kept_as_entries_and_bullets() -> None:
    experience = section(improved(a_request()), "Experience")

    assert "### Senior Software Engineer at Acme Payments Ltd, 2019 \u2013 Present" in experience
    assert "- Designed a ledger service in Python handling 2M transactions a day" in experience
    assert "- Technologies: Python, Django, PostgreSQL" in experience  # stays with its job
    assert "### Software Engineer, Brightside Bank (2015 \u2013 2019)" in experience


def test_the_summary_aims_at_the_position_with_facts_from_the_cv_only() -> None:
    summary = section(improved(a_request()), "Summary")

    assert summary.startswith(
        "Senior Software Engineer with 8+ years of experience, "
        "aiming for a Backend Engineer role in FinTech. "
        "Skilled in Python, PostgreSQL and Docker."
    )
    numbers = set(re.findall(r"\d+", summary))
    assert numbers <= set(re.findall(r"\d+", STRUCTURED_CV))


def test_the_summary_claims_no_years_the_cv_does_not_state() -> None:
    cv = STRUCTURED_CV.replace("with 8+ years of experience ", "")

    summary = section(improved(a_request(cv)), "Summary")

    assert "years" not in summary
    assert summary.startswith("Senior Software Engineer aiming for a Backend Engineer role")


def test_skills_are_ordered_by_relevance_to_the_job_description() -> None:
    skills = skills_of(improved(a_request()))

    assert skills == ["Python", "PostgreSQL", "Docker", "Java", "Spring Boot", "Excel", "Photoshop"]


def test_what_the_job_asks_for_and_the_cv_lacks_is_returned_as_gaps_and_claimed_nowhere() -> None:
    improvement = LocalImprover().improve(a_request())

    assert improvement.gaps == ("Kubernetes", "Terraform", "AWS", "Kafka")
    for gap in improvement.gaps:  # not in the CV: it goes to employers
        assert not re.search(rf"\b{re.escape(gap)}\b", improvement.markdown, re.I), gap
    assert "Gaps to address" not in improvement.markdown


def test_the_employer_named_in_the_job_description_is_not_a_gap() -> None:
    assert "Finly" not in LocalImprover().improve(a_request()).gaps


def test_a_cv_that_shows_everything_the_job_asks_for_has_no_gaps() -> None:
    request = a_request(job_description="Python and PostgreSQL, with Docker.")

    assert LocalImprover().improve(request).gaps == ()


def test_the_same_request_always_gives_the_same_cv() -> None:
    assert improved(a_request()) == improved(a_request())


def test_the_improvement_names_the_offline_improver_and_counts_words() -> None:
    improvement = LocalImprover().improve(a_request())

    assert (improvement.provider, improvement.model) == ("local", "rule-based-v1")
    cv_and_job = len(STRUCTURED_CV.split()) + len(JOB_DESCRIPTION.split())
    assert improvement.usage.input_tokens == cv_and_job
    assert improvement.usage.output_tokens == len(improvement.markdown.split())


@pytest.fixture
def unstructured() -> str:
    return improved(
        a_request(
            UNSTRUCTURED_CV,
            position="Logistics Manager",
            industry="Retail",
            job_description=(
                "Run warehouse operations using SAP and WMS. Lean and Six Sigma a plus. "
                "Excel reporting for the Forklift team."
            ),
        )
    )


def test_a_cv_without_headings_is_sorted_into_sections_by_what_its_lines_look_like(
    unstructured: str,
) -> None:
    assert headings(unstructured) == [
        "John Smith",
        "Summary",
        "Experience",
        "Education",
        "Skills",
    ]
    assert "### Shift Supervisor at Acme Logistics, 2016 - 2024" in unstructured
    assert "Diploma in Warehousing" in section(unstructured, "Education")


def test_a_cv_without_headings_still_gets_a_summary_and_skills_from_its_own_facts(
    unstructured: str,
) -> None:
    summary = section(unstructured, "Summary")

    assert summary.startswith(
        "Shift Supervisor with 12 years of experience, aiming for a Logistics Manager role "
        "in Retail. Skilled in Forklift licence, SAP and Excel."
    )
    assert skills_of(unstructured)[-1] == "Health and Safety"


def test_a_cv_without_headings_gets_the_gaps_of_its_job() -> None:
    request = a_request(
        UNSTRUCTURED_CV,
        position="Logistics Manager",
        industry="Retail",
        job_description="Run warehouse operations using SAP and WMS. Lean and Six Sigma a plus.",
    )

    assert LocalImprover().improve(request).gaps == ("WMS", "Six Sigma")


def test_a_cv_that_does_not_start_with_a_name_gets_no_name_heading() -> None:
    markdown = improved(a_request("Experience\nSoftware Engineer at Acme, 2020 - 2024\n"))

    assert markdown.startswith("## Summary")
    assert "### Software Engineer at Acme, 2020 - 2024" in markdown


def test_an_empty_cv_still_gives_a_summary_aimed_at_the_job() -> None:
    markdown = improved(a_request(""))

    assert section(markdown, "Summary") == "Aiming for a Backend Engineer role in FinTech."


def test_summary_lines_wrapped_by_the_pdf_are_joined_back_into_sentences() -> None:
    from cvimprover.adapters.ai.local_improver import _paragraph

    wrapped = ["Backend engineer building payment and logistics", "services in Python.", "Calm."]
    assert (
        _paragraph(wrapped)
        == "Backend engineer building payment and logistics services in Python. Calm."
    )


def test_dates_the_reader_found_right_aligned_stay_apart_and_the_town_is_no_bullet() -> None:
    cv = (
        "Experience\n"
        "Senior Backend Engineer · Quillon Payments Ltd\tMar 2021 – Present\n"  # noqa: RUF001
        "Manchester\n"
        "• Rebuilt the card settlement pipeline.\n"
    )
    experience = section(improved(a_request(cv)), "Experience")
    assert experience.startswith(
        "### Senior Backend Engineer · Quillon Payments Ltd | Mar 2021 – Present\n\n"  # noqa: RUF001
        "Manchester\n"
    )
    assert "- Rebuilt the card settlement pipeline." in experience
    assert "- Manchester" not in experience
