"""The sample CV PDFs of tests/data/cvs/, extracted by the real pypdfium2 extractor and read
into JSON Resume: dates inline in brackets, a degree and its school on one line."""

from pathlib import Path

from cvimprover.adapters.documents.jsonschema_resume_validator import JsonSchemaResumeValidator
from cvimprover.adapters.documents.pdfium_text_extractor import PdfiumTextExtractor
from cvimprover.adapters.documents.rule_based_cv_reader import RuleBasedCVReader
from cvimprover.core.cvs.resume import Resume

CVS = Path(__file__).parents[1] / "data" / "cvs"


def read(name: str) -> Resume:
    text = PdfiumTextExtractor().extract((CVS / name).read_bytes()).text
    resume = RuleBasedCVReader().read(text)
    assert JsonSchemaResumeValidator().problems(resume) == []
    return resume


def test_the_software_engineers_cv_is_read_whole() -> None:
    resume = read("software_engineer.pdf")
    assert {k: resume["basics"][k] for k in ("name", "email", "phone")} == {
        "name": "Jane Doe", "email": "jane.doe@example.com", "phone": "+44 20 7946 0958"
    }  # fmt: skip
    assert [(j["name"], j["position"], j.get("startDate"), j.get("endDate"))
            for j in resume["work"]] == [
        ("Acme Payments Ltd", "Senior Software Engineer", "2021", None),
        ("Parcelly GmbH", "Software Engineer", "2018", "2021"),
    ]  # fmt: skip
    assert resume["education"] == [
        {"institution": "University of Manchester", "area": "Computer Science",
         "studyType": "BSc", "startDate": "2014", "endDate": "2017",
         "score": "First-class honours"}
    ]  # fmt: skip
    assert len(resume["skills"][0]["keywords"]) == 9


def test_the_career_changers_cv_keeps_its_certificate_course_and_project() -> None:
    resume = read("career_changer.pdf")
    assert resume["basics"]["location"] == {"city": "Oakland", "region": "California"}
    assert [(e.get("institution"), e.get("studyType"), e.get("startDate"), e.get("endDate"))
            for e in resume["education"]] == [
        ("Springboard", "Certificate", None, "2024"),
        ("University of California, Davis", "BSc", "2010", "2014"),
    ]  # fmt: skip
    assert resume["projects"][0]["name"] == "School attendance analysis"
    assert [job["name"] for job in resume["work"]] == ["Lincoln High School", "Bay Area Food Bank"]
