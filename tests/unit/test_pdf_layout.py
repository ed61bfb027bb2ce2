"""Reading a page as it is laid out, from glyph boxes made up here: every glyph half as wide
as its size and 1.2 times as tall, rows 1.35 times the size apart."""

from itertools import chain

from cvimprover.adapters.documents.layout import Glyph, as_text, read_page
from cvimprover.adapters.documents.layout.geometry import words
from cvimprover.core.cvs.model import TextLine

SIZE = 10.0
ADVANCE = 0.5
PITCH = 1.35


def typed(text: str, x: float, y: float, *, size: float = SIZE, bold: bool = False) -> list[Glyph]:
    """`text` set in one row from (x, y), the top-left corner of its first glyph."""
    width = ADVANCE * size
    return [
        Glyph(char, x + i * width, y, x + (i + 1) * width, y + 1.2 * size, size, bold)
        for i, char in enumerate(text)
    ]


def set_in(text: str, x: float, y: float, width: float, *, size: float = SIZE) -> list[str]:
    """The rows `text` wraps onto in a box `width` points wide."""
    rows, row = [], ""
    for word in text.split():
        if row and len(f"{row} {word}") * ADVANCE * size > width:
            rows.append(row)
            row = word
        else:
            row = f"{row} {word}".strip()
    return [*rows, row]


def paragraph(text: str, x: float, y: float, width: float, *, bullet: bool = False) -> list[Glyph]:
    glyphs = typed("•", x - 10, y) if bullet else []
    for index, row in enumerate(set_in(text, x, y, width)):
        glyphs += typed(row, x, y + index * PITCH * SIZE)
    return glyphs


def rows_of(text: str, x: float, y: float, width: float) -> int:
    return len(set_in(text, x, y, width))


def read(*glyphs: list[Glyph], page: int = 1) -> list[TextLine]:
    return read_page(chain(*glyphs), page)


def texts(*glyphs: list[Glyph]) -> list[str]:
    return [line.text for line in read(*glyphs)]


LONG_BULLET = (
    "Designed the streaming pipeline that ingests payment events from twelve regional "
    "systems, processing 1.2M transactions a day with exactly-once delivery into the "
    "warehouse and an audit trail for regulators."
)


def test_a_right_aligned_date_drawn_first_joins_the_title_it_sits_beside_after_a_tab() -> None:
    dates = typed("Mar 2021 - present", 410, 100, bold=True)
    title = typed("Senior Data Engineer, Northwind Ltd", 50, 100, bold=True)
    later = typed("Jan 2018 - Feb 2021", 405, 140, bold=True)
    second = typed("Data Engineer, Contoso GmbH", 50, 140, bold=True)

    assert texts(dates, later, title, second) == [
        "Senior Data Engineer, Northwind Ltd\tMar 2021 - present",
        "Data Engineer, Contoso GmbH\tJan 2018 - Feb 2021",
    ]


def test_a_date_in_a_smaller_type_on_the_same_baseline_joins_the_title() -> None:
    title = typed("Kim Lee", 50, 100, size=20, bold=True)
    date = typed("Berlin", 450, 110, size=9)

    assert texts(title, date) == ["Kim Lee\tBerlin"]


def test_a_bullet_wrapped_onto_three_rows_is_one_line_and_the_next_bullet_its_own() -> None:
    assert rows_of(LONG_BULLET, 60, 100, 440) == 3
    first = paragraph(LONG_BULLET, 60, 100, 440, bullet=True)
    second = paragraph("Cut warehouse costs by 40%.", 60, 100 + 3 * PITCH * SIZE, 440, bullet=True)

    assert texts(first, second) == [f"• {LONG_BULLET}", "• Cut warehouse costs by 40%."]


def test_rows_that_could_have_taken_the_next_word_stay_lines_of_their_own() -> None:
    skills = ["Python, Go, PostgreSQL", "Kubernetes and Terraform", "Mentoring"]
    rows = [typed(skill, 50, 100 + i * PITCH * SIZE) for i, skill in enumerate(skills)]
    wrapped = paragraph(LONG_BULLET, 50, 100 + 3 * PITCH * SIZE, 440)

    assert texts(*rows, wrapped) == [*skills, LONG_BULLET]


def test_contact_rows_in_a_narrow_column_are_not_joined() -> None:
    contact = ["kim.lee@example.com", "linkedin.com/in/kimlee", "+49 30 1234567", "Berlin, Germany"]
    rows = [typed(line, 50, 100 + i * PITCH * SIZE) for i, line in enumerate(contact)]

    assert texts(*rows) == contact


def test_a_hyphen_at_a_row_end_joins_a_word_before_lower_case_and_stays_before_upper_case() -> None:
    rows = ["Responsible for the manage-", "ment of the team and its Software-", "Entwicklung."]
    glyphs = [typed(row, 50, 100 + i * PITCH * SIZE) for i, row in enumerate(rows)]
    wider = typed("x" * 80, 50, 160)

    assert texts(*glyphs, wider)[0] == (
        "Responsible for the management of the team and its Software-Entwicklung."
    )


def test_a_soft_hyphen_at_a_row_end_is_dropped_and_the_word_joined() -> None:
    rows = typed("Verantwortlich für die Projekt\u00ad", 50, 100), typed("leitung.", 50, 113.5)

    assert texts(*rows) == ["Verantwortlich für die Projektleitung."]


def test_a_heading_stays_on_its_own_line_above_the_text_it_heads() -> None:
    heading = typed("Experience", 50, 100, size=12, bold=True)
    text = paragraph(LONG_BULLET, 50, 116, 440)

    assert texts(heading, text) == ["Experience", LONG_BULLET]


def test_a_wider_gap_between_rows_starts_a_paragraph_after_a_blank_line() -> None:
    first = paragraph("Backend engineer. " * 12, 50, 100, 440)
    second = paragraph("Enjoys fast tests. " * 12, 50, 100 + 3 * PITCH * SIZE + 8, 440)

    lines = read(first, second)

    assert [line.break_before for line in lines] == [False, True]
    assert as_text(lines) == f"{lines[0].text}\n\n{lines[1].text}"


def test_the_stretched_gaps_of_justified_text_are_not_tabs() -> None:
    rows = [justified(row, 100 + i * PITCH * SIZE) for i, row in enumerate(JUSTIFIED[:2])]
    last = typed(JUSTIFIED[2], 50, 100 + 2 * PITCH * SIZE)

    assert texts(*rows, last) == [" ".join(JUSTIFIED)]


JUSTIFIED = [
    "Verantwortlich für die Planung der Abteilung, ihre Budgets",
    "und die Abnahme aller Lieferungen mit den Partnern und Kunden",
    "in drei Ländern.",
]


def justified(text: str, y: float) -> list[Glyph]:
    """`text` spread over 400 points from x = 50, its gaps 1.2 to 2 times its size."""
    row = text.split()
    letters = sum(len(word) for word in row) * ADVANCE * SIZE
    gap, glyphs, x = (400 - letters) / (len(row) - 1), [], 50.0
    for word in row:
        glyphs += typed(word, x, y)
        x += len(word) * ADVANCE * SIZE + gap
    return glyphs


def test_a_sidebar_and_a_main_column_drawn_row_by_row_are_read_column_by_column() -> None:
    sidebar = ["Contact", "kim.lee@example.com", "+49 30 1234567", "Skills", "Python", "Go"]
    main = ["Platform Engineer, Example AG", *set_in(LONG_BULLET, 220, 0, 280)]
    drawn = []
    for index in range(len(sidebar)):
        drawn.append(typed(sidebar[index], 50, 140 + index * PITCH * SIZE))
        if index < len(main):
            drawn.append(typed(main[index], 220, 143 + index * 1.4 * SIZE))
    name = typed("Kim Lee", 220, 100, size=20, bold=True)

    lines = read(*drawn, name)

    assert [line.text for line in lines] == ["Kim Lee", main[0], LONG_BULLET, *sidebar]
    assert [line.column for line in lines] == [1] * 3 + [2] * 6


def test_what_runs_across_the_columns_above_them_is_read_first() -> None:
    header = typed("Kim Lee, Platform Engineer, kim.lee@example.com", 50, 100, size=12)
    sidebar = ["Skills", "Go", "SQL", "Kafka", "Languages", "German", "English"]
    main = ["Experience", "Acme", *set_in(LONG_BULLET, 220, 0, 280)]
    side_rows = [typed(text, 50, 140 + i * 13.5) for i, text in enumerate(sidebar)]
    main_rows = [typed(text, 220, 140 + i * 14) for i, text in enumerate(main)]

    lines = read(*main_rows, *side_rows, header)

    assert [line.text for line in lines] == [header_text(header), *sidebar, *main[:2], LONG_BULLET]
    assert [line.column for line in lines] == [0] + [1] * 7 + [2] * 3


def test_a_list_set_in_two_columns_beside_names_and_dates_is_read_across() -> None:
    left = ["Alex Morgan", "Skills", "Python", "Go", "SQL", "Experience", "Data Engineer, Acme"]
    right = {0: "alex@example.com", 2: "Kafka", 3: "Spark", 4: "dbt", 6: "2018 - 2021"}
    glyphs = [typed(text, 50, 100 + i * 16) for i, text in enumerate(left)]
    glyphs += [
        typed(text, 500 - len(text) * 5 if i in {0, 6} else 300, 100 + i * 16)
        for i, text in right.items()
    ]
    glyphs.append(paragraph(LONG_BULLET, 50, 100 + 7 * 16, 450))

    assert texts(*glyphs) == [
        "Alex Morgan\talex@example.com",
        "Skills",
        "Python\tKafka",
        "Go\tSpark",
        "SQL\tdbt",
        "Experience",
        "Data Engineer, Acme\t2018 - 2021",
        LONG_BULLET,
    ]


def header_text(glyphs: list[Glyph]) -> str:
    return "".join(glyph.char for glyph in glyphs)


def test_a_column_of_dates_beside_the_entries_is_read_across_with_each_entry() -> None:
    entries = [
        ("04/2016 - 03/2019", "Softwareentwickler, Beispiel GmbH", "Built the billing platform."),
        ("seit 04/2019", "Teamleiter, Muster AG", "Led a team of six."),
        ("10/2010 - 09/2015", "Studium der Informatik, TU Dresden", "Thesis on compilers."),
    ]
    glyphs = []
    for index, (dates, entry, detail) in enumerate(entries):
        y = 100 + index * 45
        glyphs += [typed(dates, 50, y), typed(entry, 180, y, bold=True)]
        glyphs.append(typed(detail, 180, y + 13.5))

    assert texts(*glyphs) == [
        "04/2016 - 03/2019\tSoftwareentwickler, Beispiel GmbH",
        "Built the billing platform.",
        "seit 04/2019\tTeamleiter, Muster AG",
        "Led a team of six.",
        "10/2010 - 09/2015\tStudium der Informatik, TU Dresden",
        "Thesis on compilers.",
    ]


def test_a_line_carries_its_page_position_size_and_weight() -> None:
    (line,) = read(typed("Experience", 56.7, 200.25, size=12, bold=True), page=2)

    assert line == TextLine("Experience", page=2, x=56.7, y=200.2, size=12.0, bold=True)


def test_glyphs_make_words_at_spaces_at_wide_gaps_and_where_the_drawing_steps_back() -> None:
    glyphs = [*typed("Jane Doe", 50, 100), *typed("London", 120, 100), *typed("UK", 60, 100)]

    assert [word.text for word in words(glyphs)] == ["Jane", "Doe", "London", "UK"]


def test_a_word_drawn_twice_over_itself_is_read_once_and_a_symbol_font_bullet_is_a_bullet() -> None:
    bold = typed("Skills", 50, 100)
    shadow = typed("Skills", 50.4, 100)
    bullet = typed("\uf0b7 Python", 50, 113.5)

    assert texts(bold, shadow, bullet) == ["Skills", "• Python"]


def test_a_tab_drawn_in_the_pdf_stays_in_its_word_for_the_reader_to_keep() -> None:
    assert texts(typed("Second\tpart", 50, 100)) == ["Second\tpart"]


def test_a_letter_spaced_heading_reads_as_its_words() -> None:
    spaced = []
    for index, char in enumerate("PROFESSIONAL SUMMARY"):
        if char != " ":
            spaced += typed(char, 50 + index * 9, 100, size=12, bold=True)
    date = typed("2019", 450, 100)

    assert texts(spaced) == ["PROFESSIONAL SUMMARY"]
    assert texts(spaced, date) == ["PROFESSIONAL SUMMARY\t2019"]


def test_single_letters_that_are_not_a_spaced_word_stay_apart() -> None:
    assert texts(typed("I am a C developer", 50, 100)) == ["I am a C developer"]


def test_pages_are_set_apart_by_a_blank_line() -> None:
    first = read(typed("Jane Doe", 50, 100), page=1)
    second = read(typed("Education", 50, 100), page=2)

    assert as_text([*first, *second]) == "Jane Doe\n\nEducation"
    assert as_text([]) == ""
