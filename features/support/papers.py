"""What a scenario hands the CV endpoints and gets back: a CV, a questionnaire, a job."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from features.support.driver import Answer, Api, multipart
from features.support.people import Person

SAMPLE_CVS = Path(__file__).parents[2] / "tests" / "data" / "cvs"
PROMPT = "Tailor my CV to this backend role, please."


def job_fields(asks_for: str) -> dict[str, str]:
    return {
        "position": "Backend Engineer",
        "industry": "Fintech",
        "experience_level": "3-5",
        "company_size": "startup",
        "application_timeline": "immediate",
        "job_description": f"We need {asks_for} experience.",
    }


@dataclass
class Papers:
    """The CV last sent, the questionnaire made with it, the improvement asked of it and
    that improvement's PDF; whoever acts on them in a step, these are "that
    questionnaire", "the improvement" and "the PDF of the improvement"."""

    cv: bytes = b""
    questionnaire: dict[str, Any] | None = None
    improvement_location: str | None = None
    improvement: dict[str, Any] | None = None
    pdf_urls: list[str] = field(default_factory=list)
    """Every PDF of the improvement seen linked, oldest first."""

    @property
    def questionnaire_path(self) -> str:
        return f"/cv/questionnaire/{self._questionnaire['id']}/"

    @property
    def resume_path(self) -> str:
        resume: str | None = self._questionnaire["resume"]
        assert resume, "the questionnaire has no CV"
        return urlsplit(resume).path

    @property
    def improvement_path(self) -> str:
        assert self.improvement_location, "no improvement was accepted in this scenario"
        return urlsplit(self.improvement_location).path

    def submit(self, api: Api, person: Person, sample: str, asks_for: str) -> Answer:
        self.cv = (SAMPLE_CVS / sample).read_bytes()
        body, content_type = multipart(
            job_fields(asks_for), {"resume": (sample, self.cv, "application/pdf")}
        )
        headers = person.bearer() | {"Content-Type": content_type}
        answer = api.request("POST", "/cv/questionnaire/", headers=headers, body=body)
        if answer.status == 201:
            self.questionnaire = answer.json
        return answer

    def ask_for_an_improvement(self, api: Api, person: Person) -> Answer:
        body = {"questionnaire": self._questionnaire["id"], "prompt": PROMPT}
        answer = api.request("POST", "/cv/ai-responses/", json=body, headers=person.bearer())
        if answer.status in (200, 202):
            self.improvement_location = answer.headers["location"]
        return answer

    @property
    def pdf_path(self) -> str:
        assert self.pdf_urls, "the improvement has no PDF in this scenario"
        return urlsplit(self.pdf_urls[-1]).path

    def ask_for_a_pdf(
        self, api: Api, person: Person, options: dict[str, str] | None = None, wait: int = 0
    ) -> Answer:
        """Asks for a PDF of the improvement; with `wait`, waits up to that long for it."""
        headers = person.bearer() | ({"Prefer": f"wait={wait}"} if wait else {})
        path = f"{self.improvement_path}generate-pdf/"
        answer = api.request("POST", path, json=options, headers=headers)
        self.keep_pdf_url(answer)
        return answer

    def keep_pdf_url(self, answer: Answer) -> None:
        url = answer.json.get("pdf_url") if answer.status in (200, 202) else None
        if url and url not in self.pdf_urls:
            self.pdf_urls.append(url)

    @property
    def _questionnaire(self) -> dict[str, Any]:
        assert self.questionnaire, "no questionnaire was created in this scenario"
        return self.questionnaire
