from dataclasses import dataclass

from cvimprover.core.cvs.commands import Owned
from cvimprover.core.errors import NotFound
from cvimprover.ports.storage import BlobStorage
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class ResumeFile:
    name: str
    data: bytes


class DownloadResume:
    """The CV file exactly as its owner uploaded it."""

    def __init__(self, uow: UnitOfWorkFactory, storage: BlobStorage) -> None:
        self._uow = uow
        self._storage = storage

    def execute(self, command: Owned) -> ResumeFile:
        with self._uow() as uow:
            questionnaire = uow.questionnaires.get_owned(command.item_id, command.user_id)
            if questionnaire is None:
                raise NotFound("No such questionnaire.")
            key, name = questionnaire.resume_key, questionnaire.resume_name
        if not key:
            raise NotFound("This questionnaire has no CV file.")
        try:
            return ResumeFile(name or "cv.pdf", self._storage.get(key))
        except KeyError:
            raise NotFound("The CV file is gone.") from None
