from typing import cast

from cvimprover.core.cvs.commands import StructuredCVReplacement
from cvimprover.core.cvs.resume import Resume
from cvimprover.core.errors import InvalidInput, NotFound
from cvimprover.ports.documents import ResumeValidator
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class ReplaceStructuredCV:
    """Its owner's corrected CV as data replaces the one read from their upload.

    - the document must follow the JSON Resume schema; otherwise nothing changes and
      every problem is named by its JSONPath (`errors`);
    - the uploaded file and its text stay as they were;
    - only the owner may replace it (anyone else: NotFound).
    """

    def __init__(self, uow: UnitOfWorkFactory, validator: ResumeValidator) -> None:
        self._uow = uow
        self._validator = validator

    def execute(self, command: StructuredCVReplacement) -> Resume:
        problems = self._validator.problems(command.document)
        if problems:
            errors: dict[str, list[str]] = {}
            for problem in problems:
                errors.setdefault(problem.path, []).append(problem.message)
            raise InvalidInput("The CV does not follow the JSON Resume schema.", errors=errors)
        resume = cast(Resume, command.document)  # the schema says it is one
        with self._uow() as uow:
            questionnaire = uow.questionnaires.get_owned(command.questionnaire_id, command.user_id)
            if questionnaire is None:
                raise NotFound("No such questionnaire.")
            questionnaire.structured_cv = resume
            uow.commit()
        return resume
