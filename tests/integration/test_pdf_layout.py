"""Reading CVs as they are laid out, from PDFs WeasyPrint makes here of small HTML pages:
dates right-aligned beside titles, sidebars, bullets that wrap, German hyphenation, a
column of dates; read by the real pypdfium2 in its child process."""

# ruff: noqa: RUF001  # CVs write their date ranges with en dashes, and so do these

from functools import cache

import pypdfium2 as pdfium
from weasyprint import HTML

from cvimprover.adapters.documents.pdfium_text_extractor import PdfiumTextExtractor
from cvimprover.core.cvs.model import ExtractedText

STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.35; }
h1 { font-size: 20pt; margin: 0; }
h2 { font-size: 12pt; margin: 14px 0 6px; }
p, ul { margin: 2px 0; }
ul { padding-left: 14px; }
.entry { display: flex; justify-content: space-between; font-weight: bold; margin-top: 6px; }
.when { float: right; }
.title { font-weight: bold; margin-top: 6px; }
.grid { display: grid; grid-template-columns: 55mm 1fr; column-gap: 8mm; }
.side { grid-column: 1; }
.main { grid-column: 2; }
.narrow { width: 62mm; hyphens: auto; }
td { vertical-align: top; padding: 0 0 8px 0; }
td.when-done { width: 35mm; }
"""

PIPELINE = (
    "Designed the streaming pipeline that ingests payment events from twelve regional "
    "systems, processing 1.2M transactions a day with exactly-once delivery into the "
    "warehouse and an audit trail for regulators."
)

FLEX_DATES = f"""
<h1>Alex Morgan</h1>
<p>alex.morgan@example.com | +44 20 7946 0000 | Leeds</p>
<h2>Experience</h2>
<div class="entry"><span>Senior Data Engineer, Northwind Ltd</span>
<span>Mar 2021 – present</span></div>
<ul><li>{PIPELINE}</li><li>Cut warehouse costs by 40%.</li></ul>
<div class="entry"><span>Data Engineer, Contoso GmbH</span><span>Jan 2018 – Feb 2021</span></div>
<ul><li>Maintained the nightly batch jobs.</li></ul>
<h2>Education</h2>
<div class="entry"><span>BSc Mathematics, University of Leeds</span><span>2014 – 2017</span></div>
"""

FLOATED_DATES = """
<h1>Alex Morgan</h1>
<p>alex.morgan@example.com | +44 20 7946 0000</p>
<h2>Experience</h2>
<p class="title"><span class="when">Mar 2021 – present</span>Senior Data Engineer, Northwind Ltd</p>
<ul><li>Cut warehouse costs by 40%.</li></ul>
<p class="title"><span class="when">Jan 2018 – Feb 2021</span>Data Engineer, Contoso GmbH</p>
<ul><li>Maintained the nightly batch jobs.</li></ul>
"""

SIDEBAR_ROWS = [
    ("<h1>Kim Lee</h1>", "<h2>Experience</h2>"),
    (
        "<p>kim.lee@example.com</p><p>+49 30 1234567</p><p>Berlin, Germany</p>",
        '<p class="title">Platform Engineer, Example AG, 2020 – 2024</p><ul><li>Ran the'
        " Kubernetes platform that hosts forty services for three product teams across two"
        " regions, with a written on-call rota.</li></ul>",
    ),
    (
        "<h2>Skills</h2><p>Python, Go, Terraform</p>",
        '<p class="title">Site Reliability Engineer, Other GmbH, 2017 – 2020</p>'
        "<ul><li>Halved the time to recover from outages.</li></ul>",
    ),
    (
        "<h2>Languages</h2><p>German (native)</p><p>English (C1)</p>",
        "<h2>Education</h2><p>MSc Computer Science, TU Berlin, 2015 – 2017</p>",
    ),
]

CONTACTS_AND_SKILLS_LIST = f"""
<div style="display: flex; justify-content: space-between"><h1>Alex Morgan</h1>
<div style="text-align: right"><p>alex.morgan@example.com</p><p>+44 20 7946 0000</p>
<p>Leeds, UK</p></div></div>
<h2>Skills</h2><ul style="columns: 2">{"".join(f"<li>Skill {n}</li>" for n in range(1, 13))}</ul>
<h2>Experience</h2>
<div class="entry"><span>Data Engineer, Contoso GmbH</span><span>2018 – 2021</span></div>
<ul><li>{PIPELINE}</li></ul>
"""

GERMAN = """
<div class="narrow" lang="de"><p>Verantwortlich für die Projektmanagementmethodik und die
Qualitätssicherungsmaßnahmen der Softwareentwicklungsabteilung einschließlich der
Dokumentationsverwaltung.</p></div>
"""

DATE_COLUMN = """
<div lang="de"><h1>Jonas Weber</h1><h2>Berufserfahrung</h2><table>
<tr><td class="when-done">04/2016 – 03/2019</td><td><b>Softwareentwickler, Beispiel GmbH</b>
<ul><li>Entwicklung der Abrechnungsplattform für 200 Kunden und Betreuung der Schnittstellen zu
den Partnern.</li></ul></td></tr>
<tr><td class="when-done">seit 04/2019</td><td><b>Teamleiter, Muster AG, Berlin</b>
<ul><li>Führung eines Teams von sechs Entwicklern.</li></ul></td></tr>
<tr><td class="when-done">10/2010 – 09/2015</td><td><b>Studium der Informatik, TU Dresden</b>
</td></tr></table></div>
"""


@cache
def pdf_of(body: str) -> bytes:
    html = f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>"
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return bytes(pdf)


@cache
def sidebar(*, name_in_main: bool = False) -> str:
    """A sidebar and a main column drawn row by row, as a grid's cells are; the name heads
    the sidebar, or the main column."""
    rows = list(SIDEBAR_ROWS)
    if name_in_main:
        rows[0] = ("<h2>Contact</h2>", "<h1>Kim Lee</h1><h2>Experience</h2>")
    cells = [
        f'<div class="side" style="grid-row: {row}">{side}</div>'
        f'<div class="main" style="grid-row: {row}">{main}</div>'
        for row, (side, main) in enumerate(rows, start=1)
    ]
    return f'<div class="grid">{"".join(cells)}</div>'


@cache
def extracted(body: str) -> ExtractedText:
    return PdfiumTextExtractor().extract(pdf_of(body))


def texts(body: str) -> list[str]:
    return [line.text for line in extracted(body).lines]


def drawing_order(body: str) -> str:
    """The text in pdfium's own order, as the reader took it before."""
    return str(pdfium.PdfDocument(pdf_of(body))[0].get_textpage().get_text_bounded())


def test_dates_right_aligned_by_flex_stay_on_the_line_of_their_title_after_a_tab() -> None:
    lines = texts(FLEX_DATES)

    assert lines[:2] == ["Alex Morgan", "alex.morgan@example.com | +44 20 7946 0000 | Leeds"]
    assert "Senior Data Engineer, Northwind Ltd\tMar 2021 – present" in lines
    assert "Data Engineer, Contoso GmbH\tJan 2018 – Feb 2021" in lines
    assert "BSc Mathematics, University of Leeds\t2014 – 2017" in lines


def test_dates_floated_right_and_drawn_first_still_join_their_titles() -> None:
    assert drawing_order(FLOATED_DATES).startswith("Mar 2021 – present\r\nJan 2018 – Feb 2021")

    assert texts(FLOATED_DATES) == [
        "Alex Morgan",
        "alex.morgan@example.com | +44 20 7946 0000",
        "Experience",
        "Senior Data Engineer, Northwind Ltd\tMar 2021 – present",
        "• Cut warehouse costs by 40%.",
        "Data Engineer, Contoso GmbH\tJan 2018 – Feb 2021",
        "• Maintained the nightly batch jobs.",
    ]


def test_a_bullet_that_wraps_onto_three_rows_is_one_line_and_the_next_bullet_its_own() -> None:
    rows = drawing_order(FLEX_DATES).splitlines()
    assert "Designed the streaming pipeline" in rows[4]
    assert rows[6].endswith("for regulators.")

    lines = texts(FLEX_DATES)
    bullet = lines.index(f"• {PIPELINE}")
    assert lines[bullet + 1] == "• Cut warehouse costs by 40%."


def test_a_sidebar_drawn_row_by_row_with_the_main_column_is_read_column_by_column() -> None:
    assert "Kim Lee Experience" in drawing_order(sidebar())

    lines = extracted(sidebar()).lines

    assert [line.text for line in lines if line.column == 1] == [
        "Kim Lee",
        "kim.lee@example.com",
        "+49 30 1234567",
        "Berlin, Germany",
        "Skills",
        "Python, Go, Terraform",
        "Languages",
        "German (native)",
        "English (C1)",
    ]
    assert [line.text for line in lines if line.column == 2] == [
        "Experience",
        "Platform Engineer, Example AG, 2020 – 2024",
        "• Ran the Kubernetes platform that hosts forty services for three product teams"
        " across two regions, with a written on-call rota.",
        "Site Reliability Engineer, Other GmbH, 2017 – 2020",
        "• Halved the time to recover from outages.",
        "Education",
        "MSc Computer Science, TU Berlin, 2015 – 2017",
    ]
    assert [line.column for line in lines] == sorted(line.column for line in lines)


def test_the_column_with_the_name_is_read_first_wherever_it_stands() -> None:
    in_sidebar, in_main = extracted(sidebar()).lines, extracted(sidebar(name_in_main=True)).lines

    assert (in_sidebar[0].text, in_sidebar[-1].text) == (
        "Kim Lee",
        "MSc Computer Science, TU Berlin, 2015 – 2017",
    )
    assert (in_main[0].text, in_main[1].text) == ("Kim Lee", "Experience")
    assert (in_main[-2].text, in_main[-1].text) == ("German (native)", "English (C1)")
    assert in_sidebar[0].x < 100
    assert in_main[0].x > 200


def test_contacts_beside_the_name_and_a_list_in_two_columns_are_read_across() -> None:
    assert texts(CONTACTS_AND_SKILLS_LIST) == [
        "Alex Morgan\talex.morgan@example.com",
        "+44 20 7946 0000",
        "Leeds, UK",
        "Skills",
        *(f"• Skill {n}\t• Skill {n + 6}" for n in range(1, 7)),
        "Experience",
        "Data Engineer, Contoso GmbH\t2018 – 2021",
        f"• {PIPELINE}",
    ]


def test_words_hyphenated_at_row_ends_by_hyphens_auto_are_whole_again() -> None:
    assert "\u2010\r\n" in drawing_order(GERMAN)

    assert texts(GERMAN) == [
        "Verantwortlich für die Projektmanagementmethodik und die Qualitätssicherungsmaßnahmen"
        " der Softwareentwicklungsabteilung einschließlich der Dokumentationsverwaltung."
    ]


def test_a_column_of_dates_is_read_across_with_the_entries_it_dates() -> None:
    assert texts(DATE_COLUMN) == [
        "Jonas Weber",
        "Berufserfahrung",
        "04/2016 – 03/2019\tSoftwareentwickler, Beispiel GmbH",
        "• Entwicklung der Abrechnungsplattform für 200 Kunden und Betreuung der Schnittstellen"
        " zu den Partnern.",
        "seit 04/2019\tTeamleiter, Muster AG, Berlin",
        "• Führung eines Teams von sechs Entwicklern.",
        "10/2010 – 09/2015\tStudium der Informatik, TU Dresden",
    ]


def test_a_letter_spaced_heading_reads_as_its_words() -> None:
    body = '<h2 style="letter-spacing: 4px">Professional Summary</h2><p>Engineer.</p>'
    assert drawing_order(body).startswith("P r o f e s s i o n a l")

    assert texts(body) == ["Professional Summary", "Engineer."]


def test_lines_carry_their_size_weight_and_position_and_the_text_its_paragraphs() -> None:
    result = extracted(FLEX_DATES)
    name, contact, heading = result.lines[:3]

    assert (name.size, name.bold, name.page) == (20.0, True, 1)
    assert (contact.size, contact.bold) == (9.5, False)
    assert (heading.size, heading.bold, heading.break_before) == (12.0, True, True)
    assert round(name.x) == round(16 / 25.4 * 72 + 6)  # the page's margin, the body's 8 px
    assert name.y < contact.y < heading.y
    assert result.text.startswith(f"{name.text}\n{contact.text}\n\nExperience\n")
