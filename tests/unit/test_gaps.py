"""Gaps are advice for the CV's owner: taken out of an answer's CV, kept as data."""

import pytest

from cvimprover.core.cvs.commands import Owned
from cvimprover.core.cvs.gaps import MAX_GAP_LENGTH, split_gaps
from cvimprover.core.cvs.model import Improvement, ImprovementRequest, TokenUsage
from tests.unit.cv_bootstrap import CVs
from tests.unit.fakes import ScriptedImprover

CV = "# Jane Doe\n\n## Summary\n\nBackend engineer.\n\n## Skills\n\n- Python\n"


def test_the_final_section_is_taken_out_and_its_bullets_kept() -> None:
    answer = CV + "\n## Gaps to address\n\nThe job asks for these:\n\n- Kubernetes\n- Terraform\n"
    assert split_gaps(answer) == (CV, ["Kubernetes", "Terraform"])


def test_an_answer_without_gaps_is_left_as_it_is() -> None:
    assert split_gaps(CV) == (CV, [])
    mentioned = CV + "\nI closed the gaps to address in our tests.\n"
    assert split_gaps(mentioned) == (mentioned, [])


@pytest.mark.parametrize(
    "heading",
    [
        "## Gaps to address",
        "### Gaps To Address:",
        "# GAPS TO ADDRESS #",
        "**Gaps to address**",
        "__Gaps to address:__",
        "## *Gaps to address*",
        "Gaps to address\n---------------",
        "Gaps to address\n===",
    ],
)
def test_the_heading_may_be_written_in_any_way_markdown_has(heading: str) -> None:
    markdown, gaps = split_gaps(f"{CV}\n{heading}\n\n- Kafka\n")
    assert (markdown, gaps) == (CV, ["Kafka"])


def test_the_section_ends_at_the_next_heading_of_its_rank_and_what_follows_is_kept() -> None:
    answer = (
        "# Jane Doe\n\n## Gaps to address\n\n- Kafka\n\n### Why\n\n- dbt\n\n## Skills\n\n- Go\n"
    )
    assert split_gaps(answer) == ("# Jane Doe\n\n## Skills\n\n- Go\n", ["Kafka", "dbt"])


def test_a_rule_left_before_the_section_goes_with_it() -> None:
    assert split_gaps(f"{CV}\n---\n\n## Gaps to address\n\n- Kafka\n") == (CV, ["Kafka"])


def test_items_are_plain_text_each_once_and_numbered_lists_count() -> None:
    answer = (
        f"{CV}\n## Gaps to address\n\n1. **Kubernetes**: not shown\n2. [dbt](https://getdbt.com)"
        "\n   in production\n3. `Kafka`\n* kubernetes: NOT SHOWN\n"
    )
    assert split_gaps(answer)[1] == ["Kubernetes: not shown", "dbt in production", "Kafka"]


def test_without_a_list_the_sections_paragraphs_are_the_gaps() -> None:
    answer = f"{CV}\n## Gaps to address\n\nThe job asks for Kafka,\nwhich the CV does not show.\n"
    assert split_gaps(answer)[1] == ["The job asks for Kafka, which the CV does not show."]


def test_a_gap_is_bounded_in_length() -> None:
    answer = f"{CV}\n## Gaps to address\n\n- {'x' * 1000}\n"
    assert split_gaps(answer)[1] == ["x" * MAX_GAP_LENGTH]


class GapsInTheAnswer(ScriptedImprover):
    """A vendor that answers with the CV and a final gaps section, as it is asked to."""

    def __init__(self, name: str, answer: str) -> None:
        super().__init__(name)
        self.answer = answer

    def improve(self, request: ImprovementRequest) -> Improvement:
        self.requests.append(request)
        return Improvement(self.answer, self.name, "model", TokenUsage(1, 2), gaps=("Go",))


def test_a_finished_job_keeps_the_cv_without_its_gaps_and_the_gaps_beside_it() -> None:
    answer = f"{CV}\n## Gaps to address\n\n- Kubernetes\n- Go\n"
    cvs = CVs(improvers=[GapsInTheAnswer("openai", answer)])

    job_id = cvs.improvement()

    kept = CV.replace("# Jane Doe\n\n", "# Jane Doe\n\njane@example.com\n\n")  # contact back
    job = cvs.store.state.ai_responses[job_id]
    assert (job.response_text, job.gaps) == (kept, ["Go", "Kubernetes"])
    view = cvs.get_improvement.execute(Owned(1, job_id))
    assert (view.response_text, view.gaps) == (kept, ("Go", "Kubernetes"))


def test_an_answer_that_is_all_gaps_fails_over_to_the_next_improver() -> None:
    cvs = CVs(improvers=[GapsInTheAnswer("openai", "## Gaps to address\n\n- Go\n")])
    cvs.improvers.append(ScriptedImprover("local"))

    job_id = cvs.improvement()

    job = cvs.store.state.ai_responses[job_id]
    assert (job.status.value, job.provider, job.gaps) == ("succeeded", "local", [])
