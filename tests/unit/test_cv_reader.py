"""The CV reader builds a JSON Resume document from a CV's text, in English, German,
French and Spanish, whatever the layout the extractor read: dates right-aligned on the
title's line, dates in a left column, dates inline, a sidebar read before the main
column. What it cannot place it keeps, and any text gives a document the schema accepts."""

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvimprover.adapters.documents.cv_reading.dates import RANGE, SINCE
from cvimprover.adapters.documents.cv_reading.headings import section_of
from cvimprover.adapters.documents.jsonschema_resume_validator import JsonSchemaResumeValidator
from cvimprover.adapters.documents.rule_based_cv_reader import RuleBasedCVReader
from cvimprover.core.cvs.resume import Resume, extra_sections
from tests.unit import cv_texts

READER = RuleBasedCVReader()
VALIDATOR = JsonSchemaResumeValidator()


def jobs(resume: Resume) -> list[tuple[Any, ...]]:
    return [
        (job.get("name"), job.get("position"), job.get("startDate"), job.get("endDate"))
        for job in resume.get("work", [])
    ]


def degrees(resume: Resume) -> list[tuple[Any, ...]]:
    return [
        (d.get("institution"), d.get("studyType"), d.get("area"), d.get("startDate"),
         d.get("endDate"))
        for d in resume.get("education", [])
    ]  # fmt: skip


def skill_groups(resume: Resume) -> dict[str | None, list[str]]:
    return {skill.get("name"): skill.get("keywords", []) for skill in resume.get("skills", [])}


def test_an_english_cv_with_its_dates_right_aligned() -> None:
    resume = READER.read(cv_texts.ENGLISH_DATES_RIGHT)
    basics = resume["basics"]
    assert (basics["name"], basics["label"]) == ("Jane Doe", "Senior Backend Engineer")
    assert (basics["email"], basics["phone"]) == ("jane.doe@example.com", "+44 20 7946 0958")
    assert basics["location"] == {"city": "London", "countryCode": "GB"}
    assert [p.get("network") for p in basics["profiles"]] == ["LinkedIn", "GitHub"]
    assert basics["summary"].startswith("Backend engineer with seven years")
    assert jobs(resume) == [
        ("Acme Payments Ltd", "Senior Software Engineer", "2021-03", None),
        ("Parcelly GmbH", "Software Engineer", "2018-01", "2021-02"),
        ("Brightlabs", "Junior Developer", "2016", "2017"),
    ]
    assert resume["work"][0]["highlights"] == [
        "Led the rewrite of the settlement service, processing 1.2M transactions a day.",
        "Built an internal tool, born out of a hackathon in 2019, now used by 40 teams.",
    ]
    assert degrees(resume) == [
        ("University of Manchester", "BSc", "Computer Science", "2013", "2016")
    ]
    assert resume["education"][0]["score"] == "First-class honours"
    assert skill_groups(resume) == {
        "Languages": ["Python", "Go", "Bash"],
        "Frameworks": ["FastAPI", "Django"],
        "Data": ["PostgreSQL", "Redis", "Kafka"],
        "Cloud": ["AWS (ECS, Lambda)", "Docker", "Kubernetes"],
    }
    assert [(c["name"], c.get("issuer"), c.get("date")) for c in resume["certificates"]] == [
        ("AWS Certified Solutions Architect – Associate", "Amazon Web Services", "2022"),
        ("Certified Kubernetes Administrator (CKA)", "CNCF", "2021"),
    ]
    assert resume["languages"] == [
        {"language": "English", "fluency": "native"},
        {"language": "German", "fluency": "B2"},
    ]
    assert extra_sections(resume) == [
        {
            "title": "CONFERENCES & TALKS",
            "lines": [
                "Speaker, PyCon UK 2022: Settling payments at scale",
                "Speaker, EuroPython 2021: Contract tests that pay off",
            ],
        }
    ]


def test_a_german_two_column_cv_whose_sidebar_is_read_first() -> None:
    resume = READER.read(cv_texts.GERMAN_TWO_COLUMNS)
    basics = resume["basics"]
    assert (basics["name"], basics["label"]) == ("Anna Schmidt", "Softwareentwicklerin")
    assert (basics["email"], basics["phone"]) == ("anna.schmidt@example.de", "0171/2345678")
    assert basics["location"] == {
        "address": "Musterstraße 5", "postalCode": "10115", "city": "Berlin"
    }  # fmt: skip
    assert basics["profiles"][0]["network"] == "XING"
    assert jobs(resume) == [
        ("Muster Versicherung AG", "Senior Softwareentwicklerin", "2021-04", None),
        ("Beispiel Bank GmbH", "Softwareentwicklerin", "2016-04", "2021-03"),
        ("Technik Solutions GmbH", "Werkstudentin Softwareentwicklung", "2014-03", "2016-02"),
    ]
    assert degrees(resume) == [
        ("Technische Universität Berlin", "M.Sc.", "Informatik", "2013", "2015"),
        ("Universität Potsdam", "B.Sc.", "Informatik", "2010", "2013"),
    ]
    assert resume["education"][0]["score"] == "Abschlussnote: 1,3"
    assert skill_groups(resume) == {
        "Programmiersprachen": ["Python", "Java", "SQL"],
        "Frameworks": ["Spring Boot", "Django"],
        "Werkzeuge": ["Git", "Docker", "Jenkins"],
    }
    assert [language["language"] for language in resume["languages"]] == [
        "Deutsch", "Englisch", "Französisch"
    ]  # fmt: skip
    assert resume["languages"][1]["fluency"] == "verhandlungssicher (C1)"
    assert [c["name"] for c in resume["certificates"]] == [
        "Oracle Certified Professional Java SE 11 Developer", "Professional Scrum Master I"
    ]  # fmt: skip
    assert resume["volunteer"][0]["organization"] == "Women in Tech e.V."
    assert resume["volunteer"][0]["startDate"] == "2018"


def test_a_french_cv_with_its_dates_in_a_left_column() -> None:
    resume = READER.read(cv_texts.FRENCH_DATES_LEFT)
    basics = resume["basics"]
    assert (basics["name"], basics["label"]) == ("Marie Dupont", "Cheffe de projet digital")
    assert (basics["email"], basics["phone"]) == ("marie.dupont@example.fr", "06 12 34 56 78")
    assert basics["location"] == {"city": "Lyon", "countryCode": "FR"}
    assert jobs(resume) == [
        ("Dupont & Fils SAS", "Cheffe de projet digital", "2019-03", None),
        ("Agence Lumière", "Chargée de communication", "2016-09", "2019-02"),
    ]
    assert resume["work"][0]["highlights"][1] == "Coordination d'une équipe de 7 personnes"
    assert degrees(resume) == [
        ("Université Lumière Lyon 2", "Master", "Marketing digital", "2014", "2016"),
        ("Université de Bordeaux", "Licence", "information et communication", "2011", "2014"),
    ]
    assert skill_groups(resume) == {
        "Gestion de projet": ["Scrum", "Kanban", "Jira"],
        "Outils": ["WordPress", "Google Analytics", "Figma"],
    }
    assert resume["languages"][0] == {"language": "Français", "fluency": "langue maternelle"}
    assert resume["interests"] == [{"name": "Course à pied"}, {"name": "photographie"}]


def test_a_spanish_cv_with_its_dates_inline() -> None:
    resume = READER.read(cv_texts.SPANISH_DATES_INLINE)
    basics = resume["basics"]
    assert (basics["name"], basics["label"]) == ("Carlos García López", "Ingeniero de Datos")
    assert (basics["email"], basics["phone"]) == ("carlos.garcia@example.es", "+34 612 345 678")
    assert basics["location"] == {"city": "Madrid", "countryCode": "ES"}
    assert jobs(resume) == [
        ("Telefónica S.A.", "Ingeniero de Datos Senior", "2018", None),
        ("Banco Ejemplo S.A.", "Analista de Datos", "2015-09", "2017-12"),
    ]
    assert [job["location"] for job in resume["work"]] == ["Madrid", "Barcelona"]
    assert degrees(resume) == [
        ("Universidad Politécnica de Madrid", "Máster", "Ciencia de Datos", "2014", "2015"),
        ("Universidad de Sevilla", "Grado", "Ingeniería Informática", "2010", "2014"),
    ]
    assert skill_groups(resume) == {
        "Lenguajes": ["Python", "Scala", "SQL"], "Big Data": ["Spark", "Kafka", "Airflow"]
    }  # fmt: skip
    assert resume["certificates"] == [
        {"name": "Google Professional Data Engineer", "date": "2021", "issuer": "Google Cloud"}
    ]
    assert resume["projects"] == [
        {
            "name": "Predicción de demanda energética",
            "highlights": ["Modelo de series temporales con Prophet"],
            "keywords": ["Python", "Prophet"],
            "startDate": "2020",
            "endDate": "2020",
        }
    ]


@pytest.mark.parametrize(
    "text",
    [
        cv_texts.ENGLISH_DATES_RIGHT,
        cv_texts.GERMAN_TWO_COLUMNS,
        cv_texts.FRENCH_DATES_LEFT,
        cv_texts.SPANISH_DATES_INLINE,
    ],
)
def test_what_the_reader_builds_is_valid_json_resume(text: str) -> None:
    assert VALIDATOR.problems(READER.read(text)) == []


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("03/2019 – 05/2021", "2019-03", "2021-05"),
        ("März 2019 – heute", "2019-03", None),
        ("mars 2019 – aujourd'hui", "2019-03", None),
        ("Jan 2020 – Present", "2020-01", None),
        ("2019–2023", "2019", "2023"),
        ("seit 2021", "2021", None),
        ("2018 - Actualidad", "2018", None),
        ("septiembre de 2017 – marzo de 2019", "2017-09", "2019-03"),
        ("von 04.2016 bis 03.2019", "2016-04", "2019-03"),
        ("Oct. 2017 to Feb. 2019", "2017-10", "2019-02"),
        ("depuis janvier 2022", "2022-01", None),
        ("2019-03 – 2021-12", "2019-03", "2021-12"),
        ("2015", "2015", "2015"),
    ],
)
def test_a_job_is_dated_however_its_dates_are_written(
    written: str, start: str, end: str | None
) -> None:
    resume = READER.read(f"Alex Morgan\nExperience\nBackend Engineer\t{written}\nAcme GmbH\n")
    assert jobs(resume) == [("Acme GmbH", "Backend Engineer", start, end)]


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Work Experience", "work"), ("EMPLOYMENT", "work"), ("Berufserfahrung", "work"),
        ("Beruflicher Werdegang", "work"), ("Expérience professionnelle", "work"),
        ("Experiencia laboral", "work"), ("E X P E R I E N C E", "work"),
        ("Experiencia profesional:", "work"), ("Ausbildung", "education"),
        ("Formation", "education"), ("Educación", "education"), ("Formación", "education"),
    ],
)  # fmt: skip
def test_sections_are_known_by_their_headings_in_four_languages(heading: str, section: str) -> None:
    text = f"Alex Morgan\n{heading}\nBackend Engineer\t2019 – 2021\nAcme GmbH\n"
    assert section in READER.read(text)


@pytest.mark.parametrize(
    "heading",
    ["Skills", "Kenntnisse", "Fähigkeiten", "Compétences", "Habilidades", "Aptitudes",
     "S K I L L S"],
)  # fmt: skip
def test_skills_are_grouped_as_the_cv_groups_them(heading: str) -> None:
    text = f"Alex Morgan\n{heading}\nLanguages: Python, Go, Bash. Frameworks: FastAPI\nGit\n"
    assert READER.read(text)["skills"] == [
        {"name": "Languages", "keywords": ["Python", "Go", "Bash"]},
        {"name": "Frameworks", "keywords": ["FastAPI"]},
        {"keywords": ["Git"]},
    ]


def test_certifications_are_a_section_of_their_own_not_skills() -> None:
    text = "Alex Morgan\nSkills\nPython, Go\nCertifications\nCKA, 2021\n"
    resume = READER.read(text)
    assert resume["skills"] == [{"keywords": ["Python", "Go"]}]
    assert resume["certificates"] == [{"name": "CKA", "date": "2021"}]


def test_dates_and_amounts_in_experience_are_never_the_phone_number() -> None:
    text = (
        "Alex Morgan\nalex@example.com | Tel.: +49 30 1234567\nExperience\n"
        "Engineer\t04.2016 - 03.2019\nAcme GmbH\n• Grew revenue to 12 000 000 GBP\n"
    )
    resume = READER.read(text)
    assert resume["basics"]["phone"] == "+49 30 1234567"
    assert jobs(resume) == [("Acme GmbH", "Engineer", "2016-04", "2019-03")]


def test_a_phone_number_without_its_country_is_read_by_the_cvs_language() -> None:
    german = READER.read("Alex Morgan\nalex@example.com\n030 12345678\nBerufserfahrung\n")
    american = READER.read("Alex Morgan\nalex@example.com\n(415) 555-0132\nExperience\n")
    assert german["basics"]["phone"] == "030 12345678"
    assert american["basics"]["phone"] == "(415) 555-0132"


def test_a_number_no_country_has_handed_out_is_read_whole_not_a_part_of_it() -> None:
    text = "Morgan Ellery\nmorgan@example.com • +44 7700 900417 • Manchester\nExperience\n"
    assert READER.read(text)["basics"]["phone"] == "+44 7700 900417"  # not "7700"


def test_lines_of_the_top_block_that_are_no_contact_are_kept() -> None:
    resume = READER.read("Alex Morgan\nalex@example.com\nNationality: Irish\nSkills\nGo\n")
    assert extra_sections(resume) == [{"title": "", "lines": ["Nationality: Irish"]}]


def test_an_unknown_section_is_kept_whole_and_apart() -> None:
    text = (
        "Alex Morgan\nSkills\nPython\n## Conferences\nPyCon 2022\nEuroPython 2021\n"
        "PATENTS AND TRADEMARKS\nEP 1234567 B1\n"
    )
    resume = READER.read(text)
    assert resume["skills"] == [{"keywords": ["Python"]}]
    assert extra_sections(resume) == [
        {"title": "Conferences", "lines": ["PyCon 2022", "EuroPython 2021"]},
        {"title": "PATENTS AND TRADEMARKS", "lines": ["EP 1234567 B1"]},
    ]


CV_LINES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["Experience", "SKILLS", "Ausbildung", "Langues", "Proyectos", "S U M M A R Y",
         "Certifications", "KONTAKT", "## Other", "Volunteering", "References", "Awards",
         "Publications", "Interests", "Engineer\t2019 – heute", "• Built things in 2019",
         "Acme GmbH, Berlin", "M.Sc. Informatik (2014 - 2016)", "Languages: Python, Go",
         "+49 171 2345678", "x@y.de", "linkedin.com/in/x", "Deutsch (C1)", "(", "2019 –",
         "Jane Doe", "https://", "GPA: 3.9", "Tech: Go", "de 2015 a 2018", "–", ":"]
    ),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(CV_LINES, max_size=30).map("\n".join))
def test_any_text_gives_a_document_the_schema_accepts(text: str) -> None:
    assert VALIDATOR.problems(READER.read(text)) == []


@pytest.mark.parametrize(
    ("text", "unsaid"),
    [
        (cv_texts.ENGLISH_DATES_RIGHT, {"united", "kingdom"}),  # as countryCode GB
        (cv_texts.GERMAN_TWO_COLUMNS, {"tel"}),
        (cv_texts.FRENCH_DATES_LEFT, {"france"}),
        (cv_texts.SPANISH_DATES_INLINE, {"españa", "tecnologías"}),
    ],
)
def test_every_word_of_a_cv_is_kept_but_headings_labels_and_dates(
    text: str, unsaid: set[str]
) -> None:
    kept = json.dumps(READER.read(text), ensure_ascii=False).lower()
    said = {
        word
        for line in text.splitlines()
        if section_of(line.strip()) is None
        for word in re.findall(r"[^\W_]+", RANGE.sub(" ", SINCE.sub(" ", line)).lower())
    }
    assert {word for word in said if word not in kept} == unsaid
