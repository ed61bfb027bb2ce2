"""What a scenario hands the CV endpoints and gets back: a CV, a questionnaire, a job."""

from dataclasses import dataclass
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
    """The CV last sent, the questionnaire made with it and the improvement asked of it;
    whoever acts on them in a step, these are "that questionnaire" and "the improvement"."""

    cv: bytes = b""
    questionnaire: dict[str, Any] | None = None
    improvement_location: str | None = None

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
    def _questionnaire(self) -> dict[str, Any]:
        assert self.questionnaire, "no questionnaire was created in this scenario"
        return self.questionnaire
