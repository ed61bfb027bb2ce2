"""The corpus scorer of bench/eval/: what counts as read, in a text and in a structured CV."""

import copy
from typing import Any

from bench.eval.score import normalise, score

FACTS: dict[str, Any] = {
    "name": "Jana Köhler",
    "email": "jana.koehler@example.com",
    "phone": "0171/2345678",
    "location": "Leipzig",
    "profiles": [{"network": "LinkedIn", "url": "linkedin.com/in/jana-koehler"}],
    "work": [
        {
            "title": "Stationsleitung",
            "employer": "Klinikum Lindenfeld",
            "dates": "03/2019 \u2013 heute",
            "start": {"written": "03/2019", "normalised": "2019-03"},
            "end": {"written": "heute", "normalised": None},
            "highlights": [
                "Dienstplanung für 32 Pflegekräfte unter Berücksichtigung des Arbeitszeitgesetzes."
            ],
        },
        {
            "title": "Pflegefachkraft",
            "employer": "Kreiskrankenhaus Ostwalde",
            "dates": "09/2014 \u2013 02/2019",
            "start": {"written": "09/2014", "normalised": "2014-09"},
            "end": {"written": "02/2019", "normalised": "2019-02"},
            "highlights": [],
        },
    ],
    "education": [
        {
            "institution": "Hochschule Auental",
            "degree": "B.Sc. Pflegewissenschaft",
            "study_type": "B.Sc.",
            "area": "Pflegewissenschaft",
            "dates": "2010 \u2013 2014",
            "start": {"written": "2010", "normalised": "2010"},
            "end": {"written": "2014", "normalised": "2014"},
        }
    ],
    "certificates": [{"name": "Basic Life Support (BLS)", "date": "2021"}],
    "skills": [{"name": "Pflege", "items": ["Wundmanagement", "Palliativpflege"]}],
    "languages": [{"language": "Deutsch", "fluency": "Muttersprache"}],
    "sections": ["work", "education", "skills", "certificates", "languages", "volunteering"],
    "volunteering": ["Freiwillige Feuerwehr Hohenmoor"],
    "heading_order": [["Berufserfahrung", "Ausbildung", "Kenntnisse", "Ehrenamt"]],
}

READ_WELL = """\
Jana Köhler
jana.koehler@example.com | 0171/2345678 | Leipzig | linkedin.com/in/jana-koehler
Berufserfahrung
Stationsleitung 03/2019 - heute
Klinikum Lindenfeld
Dienstplanung für 32 Pflegekräfte unter Berücksichtigung des Arbeitszeitgesetzes.
Pflegefachkraft 09/2014 \u2013 02/2019
Kreiskrankenhaus Ostwalde
Ausbildung
B.Sc. Pflegewissenschaft 2010 \u2013 2014
Hochschule Auental
Kenntnisse
Pflege: Wundmanagement, Palliativpflege
Basic Life Support (BLS)
Deutsch \u2013 Muttersprache
Ehrenamt
Freiwillige Feuerwehr Hohenmoor
"""

DATES_FIRST = """\
03/2019 \u2013 heute
09/2014 \u2013 02/2019
2010 \u2013 2014
J A N A  K Ö H L E R
jana.koehler@example.com | 0171/2345678 | Leipzig | linkedin.com/in/jana-koehler
B E R U F S E R F A H R U N G
Stationsleitung
Klinikum Lindenfeld
Dienstplanung für 32 Pflegekräfte unter Berücksichti\u2010
gung des Arbeitszeitgesetzes.
Pflegefachkraft
Kreiskrankenhaus Ostwalde
Ausbildung
B.Sc. Pflegewissenschaft
Hochschule Auental
Kenntnisse
Pflege: Wundmanagement, Palliativpflege
Basic Life Support (BLS)
Deutsch \u2013 Muttersprache
Ehrenamt
Freiwillige Feuerwehr Hohenmoor
"""

RESUME: dict[str, Any] = {
    "basics": {
        "name": "Jana Köhler",
        "email": "jana.koehler@example.com",
        "phone": "+49 171 2345678",
        "location": {"city": "Leipzig"},
        "profiles": [{"network": "LinkedIn", "url": "https://www.linkedin.com/in/jana-koehler/"}],
    },
    "work": [
        {
            "name": "Klinikum Lindenfeld",
            "position": "Stationsleitung",
            "startDate": "2019-03",
            "highlights": [
                "Dienstplanung für 32 Pflegekräfte unter Berücksichtigung des Arbeitszeitgesetzes."
            ],
        },
        {
            "name": "Kreiskrankenhaus Ostwalde",
            "position": "Pflegefachkraft",
            "startDate": "2014-09-01",
            "endDate": "2019-02",
        },
    ],
    "education": [
        {
            "institution": "Hochschule Auental",
            "studyType": "B.Sc.",
            "area": "Pflegewissenschaft",
            "startDate": "2010",
            "endDate": "2014",
        }
    ],
    "skills": [{"name": "Pflege", "keywords": ["Wundmanagement", "Palliativpflege"]}],
    "certificates": [{"name": "Basic Life Support (BLS)", "date": "2021"}],
    "languages": [{"language": "Deutsch", "fluency": "Muttersprache"}],
    "volunteer": [{"organization": "Freiwillige Feuerwehr Hohenmoor"}],
}


def recalls(result: dict[str, Any]) -> dict[str, float | None]:
    return {name: tally.recall for name, tally in result.items()}


def test_a_text_in_reading_order_scores_every_field_in_full() -> None:
    result = recalls(score(FACTS, READ_WELL))

    assert set(result.values()) == {1.0}
    assert {"name", "employers", "dates", "degrees", "job_lines", "headings"} <= set(result)


def test_dates_read_first_are_still_in_the_text_but_no_longer_with_their_jobs() -> None:
    result = score(FACTS, DATES_FIRST)

    assert result["dates"].recall == 1.0
    assert result["job_lines"].hits == 0
    assert (
        result["job_lines"].missed[0]
        == "Stationsleitung | Klinikum Lindenfeld | 03/2019 \u2013 heute"
    )


def test_letter_spaced_text_and_a_word_hyphenated_at_a_line_end_are_not_read() -> None:
    result = score(FACTS, DATES_FIRST)

    assert result["name"].missed == ["Jana Köhler"]
    assert result["headings"].missed == ["Berufserfahrung"]
    assert result["heading_order"].hits == 0
    assert result["highlights"].hits == 0


def test_a_bullet_wrapped_over_two_lines_is_read_whole_but_not_on_one_line() -> None:
    wrapped = READ_WELL.replace("unter Berücksichtigung", "unter\nBerücksichtigung")

    result = score(FACTS, wrapped)

    assert result["highlights"].recall == 1.0
    assert result["highlights_one_line"].recall == 0.0


def test_a_title_wrapped_onto_a_second_line_still_stands_with_its_job() -> None:
    wrapped = READ_WELL.replace("Kreiskrankenhaus Ostwalde", "Kreiskrankenhaus\nOstwalde")

    assert score(FACTS, wrapped)["job_lines"].recall == 1.0


def test_jobs_read_out_of_order_lose_the_later_one() -> None:
    first, second = (
        "Stationsleitung 03/2019 - heute\nKlinikum Lindenfeld\n",
        "Pflegefachkraft 09/2014 \u2013 02/2019\nKreiskrankenhaus Ostwalde\n",
    )
    swapped = READ_WELL.replace(first, "@@").replace(second, first).replace("@@", second)

    assert score(FACTS, swapped)["job_lines"].hits == 1


def test_a_structured_cv_is_scored_field_by_field_when_given() -> None:
    result = recalls(score(FACTS, READ_WELL, RESUME))

    structured = {name: value for name, value in result.items() if name.startswith("resume.")}
    assert set(structured.values()) == {1.0}
    assert {"resume.name", "resume.phone", "resume.start", "resume.end"} <= set(structured)


def test_a_structured_cv_that_invents_an_end_date_or_a_month_loses_those_fields() -> None:
    resume = copy.deepcopy(RESUME)
    resume["work"][0]["endDate"] = "2025-06"
    resume["education"][0]["endDate"] = "2014-07"
    resume["basics"]["phone"] = "+49 171 2345670"

    result = score(FACTS, READ_WELL, resume)

    assert result["resume.end"].missed == ["03/2019 \u2013 heute"]
    assert result["resume.degree_dates"].hits == 0
    assert result["resume.phone"].hits == 0


def test_spacing_dashes_and_case_do_not_matter() -> None:
    assert normalise("03/2019 \u2013  Heute") == normalise("03/2019-heute")
    assert normalise("Kranken\u2010 haus") != normalise("Krankenhaus")
