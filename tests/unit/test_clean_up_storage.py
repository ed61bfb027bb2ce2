from datetime import timedelta

import pytest

from cvimprover.core.cvs.use_cases.clean_up_storage import Cleanup, CleanupReport, CleanUpStorage
from cvimprover.core.errors import InvalidInput
from cvimprover.ports.retention import ExpiredResult, RetentionStore
from cvimprover.ports.storage import StoredBlob
from tests.unit.fakes import FakeClock, InMemoryBlobStorage


class FakeRetentionStore(RetentionStore):
    def __init__(self, results: list[ExpiredResult], referenced: set[str]) -> None:
        self.results = results
        self.referenced = referenced
        self.asked_before = None
        self.deleted: list[int] = []

    def finished_results_before(self, cutoff):
        self.asked_before = cutoff
        return [r for r in self.results if r.ai_response_id not in self.deleted]

    def delete_results(self, ai_response_ids: list[int]) -> None:
        self.deleted += ai_response_ids

    def referenced_file_keys(self) -> set[str]:
        return set(self.referenced)


class AgedStorage(InMemoryBlobStorage):
    """Files with the modification times the test gives them."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.ages: dict[str, timedelta] = {}
        self.clock = clock

    def stored(self):
        return iter(
            [StoredBlob(k, self.clock.now() - self.ages.get(k, timedelta())) for k in self.files]
        )


@pytest.fixture
def world():
    clock = FakeClock()
    storage = AgedStorage(clock)
    for key, age in {
        "resumes/kept": timedelta(days=90),
        "pdfs/old": timedelta(days=90),
        "orphans/old": timedelta(hours=2),
        "orphans/in-flight": timedelta(minutes=5),
    }.items():
        storage.files[key] = b"x"
        storage.ages[key] = age
    retention = FakeRetentionStore([ExpiredResult(7, ["pdfs/old"])], {"resumes/kept", "pdfs/old"})
    return clock, storage, retention, CleanUpStorage(retention, storage, clock)


def test_the_plan_lists_old_results_and_orphans_past_the_grace_period(world) -> None:
    clock, _, retention, cleaner = world

    plan = cleaner.plan(Cleanup(days=30))

    assert retention.asked_before == clock.now() - timedelta(days=30)
    assert [r.ai_response_id for r in plan.results] == [7]
    assert plan.orphans == ["orphans/old"]
    assert (plan.result_files, plan.steps) == (1, 2)


def test_planning_changes_nothing(world) -> None:
    _, storage, retention, cleaner = world

    cleaner.plan(Cleanup(days=30))

    assert retention.deleted == []
    assert len(storage.files) == 4


def test_applying_deletes_rows_then_files_one_step_at_a_time(world) -> None:
    _, storage, retention, cleaner = world
    plan = cleaner.plan(Cleanup(days=30))
    report = CleanupReport()

    steps = list(cleaner.apply(plan, report))

    assert len(steps) == plan.steps
    assert retention.deleted == [7]
    assert set(storage.files) == {"resumes/kept", "orphans/in-flight"}
    assert (report.results, report.files, report.orphans, report.failures) == (1, 1, 1, [])


def test_fewer_than_one_day_is_refused(world) -> None:
    with pytest.raises(InvalidInput):
        world[3].plan(Cleanup(days=0))
