from cvimprover.core.cvs.commands import Owned
from cvimprover.core.cvs.resume import Resume
from cvimprover.core.errors import NotFound
from cvimprover.ports.documents import CVReader
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class GetStructuredCV:
    """The questionnaire's CV as data, for its owner to check and correct.

    - it is the one its owner last replaced, else the one read at upload;
    - a CV uploaded before CVs were read as data is read now (and not stored: a GET
      changes nothing);
    - a questionnaire without a CV has none (NotFound), as has another person's.
    """

    def __init__(self, uow: UnitOfWorkFactory, reader: CVReader) -> None:
        self._uow = uow
        self._reader = reader

    def execute(self, command: Owned) -> Resume:
        with self._uow() as uow:
            questionnaire = uow.questionnaires.get_owned(command.item_id, command.user_id)
            if questionnaire is None:
                raise NotFound("No such questionnaire.")
            stored, text = questionnaire.structured_cv, questionnaire.resume_text
        if stored is not None:
            return stored
        if text is None:
            raise NotFound("This questionnaire has no CV.")
        return self._reader.read(text)
