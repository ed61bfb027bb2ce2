"""The CVs use cases wired to in-memory fakes."""

from dataclasses import dataclass, field

from cvimprover.adapters.documents.jsonschema_resume_validator import JsonSchemaResumeValidator
from cvimprover.adapters.documents.rule_based_cv_reader import RuleBasedCVReader
from cvimprover.adapters.privacy.phonenumbers_phone_finder import PhonenumbersPhoneFinder
from cvimprover.core.cvs.commands import NewImprovement, NewQuestionnaire, Upload
from cvimprover.core.cvs.rules import ResumeIntake
from cvimprover.core.cvs.use_cases.delete_questionnaire import DeleteQuestionnaire
from cvimprover.core.cvs.use_cases.download_pdf import DownloadPdf
from cvimprover.core.cvs.use_cases.download_resume import DownloadResume
from cvimprover.core.cvs.use_cases.edit_improvement import EditImprovement
from cvimprover.core.cvs.use_cases.get_improvement import GetImprovement
from cvimprover.core.cvs.use_cases.get_questionnaire import GetQuestionnaire
from cvimprover.core.cvs.use_cases.get_structured_cv import GetStructuredCV
from cvimprover.core.cvs.use_cases.list_improvements import ListImprovements
from cvimprover.core.cvs.use_cases.list_questionnaires import ListQuestionnaires
from cvimprover.core.cvs.use_cases.replace_structured_cv import ReplaceStructuredCV
from cvimprover.core.cvs.use_cases.request_improvement import RequestImprovement
from cvimprover.core.cvs.use_cases.request_pdf import RequestPdf
from cvimprover.core.cvs.use_cases.requeue_due_improvements import RequeueDueImprovements
from cvimprover.core.cvs.use_cases.requeue_due_pdf_renders import RequeueDuePdfRenders
from cvimprover.core.cvs.use_cases.run_improvement import RunImprovement
from cvimprover.core.cvs.use_cases.run_pdf_render import RunPdfRender
from cvimprover.core.cvs.use_cases.submit_questionnaire import SubmitQuestionnaire
from cvimprover.core.cvs.use_cases.update_questionnaire import UpdateQuestionnaire
from cvimprover.core.jobs.leases import HeldLeases
from cvimprover.core.jobs.use_cases.renew_leases import RenewLeases
from tests.unit.fakes import (
    FakeClock,
    FakeCVRenderer,
    FakeTextExtractor,
    FakeUnitOfWorkFactory,
    InMemoryBlobStorage,
    InMemoryStore,
    RecordingTaskQueue,
    ScriptedImprover,
)

FIELDS = {
    "position": "Backend Engineer",
    "industry": "Fintech",
    "experience_level": "3-5",
    "company_size": "startup",
    "application_timeline": "immediate",
    "job_description": "Python, PostgreSQL, Kubernetes",
}
CV = Upload("my cv.pdf", b"%PDFJane Doe\njane@example.com\nPython developer at Acme")


@dataclass
class CVs:
    store: InMemoryStore = field(default_factory=InMemoryStore)
    clock: FakeClock = field(default_factory=FakeClock)
    tasks: RecordingTaskQueue = field(default_factory=RecordingTaskQueue)
    storage: InMemoryBlobStorage = field(default_factory=InMemoryBlobStorage)
    improvers: list[ScriptedImprover] = field(
        default_factory=lambda: [ScriptedImprover("openai"), ScriptedImprover("local")]
    )
    renderer: FakeCVRenderer = field(default_factory=FakeCVRenderer)
    max_output_tokens: int = 4000
    leases: HeldLeases = field(default_factory=HeldLeases)

    def __post_init__(self) -> None:
        uow = FakeUnitOfWorkFactory(self.store)
        resumes = ResumeIntake(FakeTextExtractor(), self.storage, reader=RuleBasedCVReader())
        self.submit = SubmitQuestionnaire(uow, resumes, self.clock)
        self.get = GetQuestionnaire(uow)
        self.list = ListQuestionnaires(uow)
        self.update = UpdateQuestionnaire(uow, resumes)
        self.delete = DeleteQuestionnaire(uow, resumes)
        self.download = DownloadResume(uow, self.storage)
        self.get_cv = GetStructuredCV(uow, RuleBasedCVReader())
        self.replace_cv = ReplaceStructuredCV(uow, JsonSchemaResumeValidator())
        terms = self.leases.terms
        self.request = RequestImprovement(uow, self.tasks, self.clock, terms=terms)
        self.get_improvement = GetImprovement(uow)
        self.list_improvements = ListImprovements(uow)
        self.run = RunImprovement(
            uow,
            self.improvers,  # type: ignore[arg-type]
            self.clock,
            leases=self.leases,
            phones=PhonenumbersPhoneFinder(),
            max_output_tokens=self.max_output_tokens,
        )
        self.sweep = RequeueDueImprovements(uow, self.tasks, self.clock, terms=terms)
        self.request_pdf = RequestPdf(uow, self.tasks, self.clock, terms=terms)
        self.render_pdf = RunPdfRender(
            uow, self.renderer, self.storage, self.clock, leases=self.leases
        )
        self.sweep_pdfs = RequeueDuePdfRenders(uow, self.tasks, self.clock, terms=terms)
        self.renew_leases = RenewLeases(uow, self.leases, self.clock)
        self.download_pdf = DownloadPdf(uow, self.storage)
        self.edit = EditImprovement(uow, self.clock)

    def questionnaire(self, user_id: int = 1, *, with_cv: bool = True) -> int:
        command = NewQuestionnaire(user_id, dict(FIELDS), CV if with_cv else None)
        return self.submit.execute(command).id

    def improvement(self, user_id: int = 1, *, run: bool = True) -> int:
        """An improvement of a new questionnaire with a CV, succeeded unless `run` is off."""
        questionnaire_id = self.questionnaire(user_id)
        command = NewImprovement(user_id, questionnaire_id, "Make it fit the backend role")
        job_id = self.request.execute(command).id
        if run:
            self.run.execute(job_id)
        return job_id
