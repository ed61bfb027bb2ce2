"""A CV's personal data stays with us, its facts go to the vendor: the contact block, the
personal-details section, labelled details and street addresses are taken out in English,
German, French and Spanish; dates, ranges of dates, amounts and the lines of jobs stay."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvimprover.adapters.privacy.phonenumbers_phone_finder import PhonenumbersPhoneFinder
from cvimprover.core.cvs.language import likely_regions
from cvimprover.core.cvs.phone_rules import PhoneReader
from cvimprover.core.cvs.redaction import RedactedCV, redact_cv, redact_text

FINDER = PhonenumbersPhoneFinder()

GERMAN_CV = """\
Lebenslauf
Max Mustermann
Hauptstraße 12, 10115 Berlin
Tel.: 0171/2345678
E-Mail: max.mustermann@example.de
Geburtsdatum: 2. Mai 1988
geb. 02.05.88 in München
Familienstand: ledig
Staatsangehörigkeit: deutsch
Foto

Berufserfahrung
04.2016 - 03.2019 Softwareentwickler, Acme GmbH, Friedrichstraße 10, 10117 Berlin
- Budget von 12 000 000 EUR verantwortet, 1.200.000 Kunden betreut
- Das Projekt entstand 2019 aus einem Hackathon
01.04.2019 \u2013 03.2022 Teamleiter bei Beta AG, München

Ausbildung
10.2010 - 09.2015 M.Sc. Informatik, TU München

Persönliche Daten
Geburtsort: Köln
Mobil: +49 30 1234567
"""
ENGLISH_CV = """\
JANE DOE
Senior Backend Engineer
221B Baker Street, London NW1 6XE | +44 20 7946 0958 | jane.doe@example.com | \
linkedin.com/in/janedoe
Date of birth: 2 May 1988 · Nationality: British

PROFILE
Backend engineer with 8+ years of experience. Grew revenue to 12 000 000 GBP.
Our product was born out of a hackathon in 2019.

Work Experience
Senior Software Engineer at Acme Payments Ltd, 04.2016 - 03.2019
- Processed 1,200,000 transactions a day on a budget of £2.5M
- Moved the office to 12 High Street in 2018
Software Engineer, Brightside Bank (2015 \u2013 2019)

References
John Smith, phone 020 7946 0123, 5 Elm Road, Leeds
"""
FRENCH_CV = """\
Marie Dubois
Développeuse Full Stack
12 rue de la Paix, 75002 Paris
Tél. : 06 12 34 56 78
Courriel : marie.dubois@exemple.fr
Née le 2 mai 1988 à Lyon
Nationalité : française

Expérience professionnelle
09/2018 \u2013 06/2023 Développeuse, Société Générale, 29 boulevard Haussmann, Paris
- Budget de 1 200 000 € géré pour 15 000 utilisateurs
Formation
2013 - 2018 Master Informatique, Université Lyon 1
"""
SPANISH_CV = """\
Ana García López
Ingeniera de Software
Calle Mayor 5, 28013 Madrid · 612 345 678 · ana.garcia@correo.es
Fecha de nacimiento: 2 de mayo de 1988
Estado civil: soltera

Experiencia profesional
01/2017 - 12/2022 Desarrolladora, Telefónica, Madrid
- Gestioné un presupuesto de 2.500.000 EUR y 40 000 clientes
Educación
2010 - 2015 Grado en Ingeniería Informática, Universidad Complutense
"""
PERSONAL = {
    "de": ["Max Mustermann", "Hauptstraße", "10115", "0171", "2345678", "max.mustermann",
           "Mai 1988", "02.05.88", "ledig", "deutsch", "Foto", "Köln", "1234567"],
    "en": ["JANE", "Jane", "Baker Street", "NW1 6XE", "7946 0958", "jane.doe", "janedoe",
           "2 May 1988", "British", "7946 0123", "Elm Road"],
    "fr": ["Marie Dubois", "rue de la Paix", "75002", "06 12 34 56 78", "marie.dubois",
           "2 mai 1988", "Lyon,", "française"],
    "es": ["Ana García", "Calle Mayor", "28013", "612 345 678", "ana.garcia",
           "2 de mayo de 1988", "soltera"],
}  # fmt: skip
FACTS = {
    "de": ["Lebenslauf", "04.2016 - 03.2019 Softwareentwickler, Acme GmbH, Friedrichstraße 10, "
           "10117 Berlin", "- Budget von 12 000 000 EUR verantwortet, 1.200.000 Kunden betreut",
           "- Das Projekt entstand 2019 aus einem Hackathon",
           "01.04.2019 \u2013 03.2022 Teamleiter bei Beta AG, München",
           "10.2010 - 09.2015 M.Sc. Informatik, TU München"],
    "en": ["Senior Backend Engineer",
           "Backend engineer with 8+ years of experience. Grew revenue to 12 000 000 GBP.",
           "Our product was born out of a hackathon in 2019.",
           "Senior Software Engineer at Acme Payments Ltd, 04.2016 - 03.2019",
           "- Processed 1,200,000 transactions a day on a budget of £2.5M",
           "- Moved the office to 12 High Street in 2018",
           "Software Engineer, Brightside Bank (2015 \u2013 2019)"],
    "fr": ["Développeuse Full Stack",
           "09/2018 \u2013 06/2023 Développeuse, Société Générale, 29 boulevard Haussmann, Paris",
           "- Budget de 1 200 000 € géré pour 15 000 utilisateurs",
           "2013 - 2018 Master Informatique, Université Lyon 1"],
    "es": ["Ingeniera de Software", "01/2017 - 12/2022 Desarrolladora, Telefónica, Madrid",
           "- Gestioné un presupuesto de 2.500.000 EUR y 40 000 clientes",
           "2010 - 2015 Grado en Ingeniería Informática, Universidad Complutense"],
}  # fmt: skip
CVS = {"de": GERMAN_CV, "en": ENGLISH_CV, "fr": FRENCH_CV, "es": SPANISH_CV}


def redacted(text: str, location: str = "") -> RedactedCV:
    return redact_cv(text, reader(text, location))


def reader(text: str, location: str = "") -> PhoneReader:
    return PhoneReader(FINDER, likely_regions(text, location))


@pytest.mark.parametrize("language", CVS)
def test_no_personal_detail_of_the_cv_reaches_the_vendor(language: str) -> None:
    text = redacted(CVS[language]).text
    leaked = [detail for detail in PERSONAL[language] if detail in text]
    assert leaked == [], text


@pytest.mark.parametrize("language", CVS)
def test_every_fact_of_the_cv_reaches_the_vendor_whole(language: str) -> None:
    lines = redacted(CVS[language]).text.splitlines()
    assert [fact for fact in FACTS[language] if fact not in lines] == [], "\n".join(lines)


def test_the_contact_block_is_one_marker_under_which_the_headline_stays() -> None:
    assert redacted(ENGLISH_CV).text.splitlines()[:2] == [
        "[name and contact details removed]",
        "Senior Backend Engineer",
    ]


@pytest.mark.parametrize(
    ("language", "name", "email", "phone", "location"),
    [
        ("de", "Max Mustermann", "max.mustermann@example.de", "0171/2345678", "Berlin"),
        ("en", "Jane Doe", "jane.doe@example.com", "+44 20 7946 0958", "London"),
        ("fr", "Marie Dubois", "marie.dubois@exemple.fr", "06 12 34 56 78", "Paris"),
        ("es", "Ana García López", "ana.garcia@correo.es", "612 345 678", "Madrid"),
    ],
)
def test_what_was_taken_out_is_kept_as_the_persons_contact_details(
    language: str, name: str, email: str, phone: str, location: str
) -> None:
    contact = redacted(CVS[language]).contact
    assert (contact.name, contact.email, contact.phone) == (name, email, phone)
    assert contact.locations[:1] == [location]


def test_dates_a_pdf_puts_before_the_name_do_not_hide_it() -> None:
    cv = "2021 \u2013 present\nMar 2018 - 2021\nJane Doe\njane@example.com\n\nSummary\nEngineer."
    result = redacted(cv)
    assert result.contact.name == "Jane Doe"
    assert result.text.splitlines()[:3] == [
        "2021 \u2013 present",
        "Mar 2018 - 2021",
        "[name and contact details removed]",
    ]


def test_a_number_alone_in_the_contact_block_is_a_phone_even_if_no_region_dials_it() -> None:
    result = redacted("John Smith\n07700 900123 \u00b7 john@example.co.uk\n\nSummary\nTeacher.")
    assert "900123" not in result.text
    assert result.contact.phones == ["07700 900123"]


def test_a_profile_link_is_a_contact_detail() -> None:
    assert redacted(ENGLISH_CV).contact.profiles == ["linkedin.com/in/janedoe"]


def test_the_personal_details_section_is_left_out_and_read_as_contact_details() -> None:
    result = redacted(GERMAN_CV)
    assert "Persönliche Daten" not in result.text
    assert result.contact.phones == ["0171/2345678", "+49 30 1234567"]


def test_a_label_in_a_table_cell_of_its_own_names_the_value_below_it() -> None:
    result = redacted("Jan Kowalski\nTelefon:\n030 1234567\nGeburtsdatum:\n02.05.1988\n")
    assert result.text == "[name and contact details removed]"
    assert result.contact.phones == ["030 1234567"]


@pytest.mark.parametrize(
    ("line", "removed"),
    [
        ("Tel.: 0171/2345678", "0171/2345678"),
        ("Geburtsdatum: 2. Mai 1988", "Mai 1988"),
        ("geb. 02.05.88", "02.05.88"),
        ("Max Mustermann, geb. 02.05.88 in München, ledig", "02.05.88"),
        ("né(e) le 2 mai 1988 à Nantes", "1988"),
        ("Fecha de nacimiento: 2 de mayo de 1988", "1988"),
        ("Date of birth/DOB: 02/05/1988", "1988"),
        ("DOB: 02/05/1988", "1988"),
        ("Born on 2 May 1988", "1988"),
        ("Adresse: Hauptstraße 12, 10115 Berlin", "Hauptstraße"),
        ("Address: 221B Baker Street, London", "Baker Street"),
        ("Mobil: 0151 23456789", "23456789"),
        ("Móvil: 612 345 678", "612 345 678"),
        ("References: Mr Smith, 12 rue de la Paix", "rue de la Paix"),
        ("Write to me at Calle Mayor 5, Madrid", "Calle Mayor"),
        ("Call me on +33 6 12 34 56 78", "56 78"),
        ("WhatsApp wa.me/491712345678", "49171"),
    ],
)
def test_personal_details_are_taken_out_of_any_line(line: str, removed: str) -> None:
    text = redact_text(line, reader("Berlin"))
    assert removed not in text
    assert "removed]" in text


@pytest.mark.parametrize(
    "line",
    [
        "The platform was born out of a hackathon in 2019.",
        "Home office since 2020; web shop relaunch in 2021",
        "04.2016 - 03.2019",
        "01.04.2016 \u2013 03.2019 Entwickler",
        "01/2015 \u2013 12/2018",
        "Revenue of 12 000 000 GBP",
        "Budget: 1.200.000 €",
        "Served 2 500 000 users",
        "ISBN 978-3-16-148410-0",
        "Python 3.12, PostgreSQL 16",
        "Grew sales 35% to $4,500,000 in 2021",
    ],
)
def test_facts_that_look_like_phones_or_birth_dates_are_left_alone(line: str) -> None:
    for regions in (["DE"], ["GB", "US"], ["FR"], ["ES"]):
        assert redact_text(line, PhoneReader(FINDER, regions)) == line


DAY, MONTH = st.integers(1, 28), st.integers(1, 12)
YEAR = st.integers(1970, 2030)
DATE = st.one_of(
    st.builds("{:02d}.{:02d}.{}".format, DAY, MONTH, YEAR),
    st.builds("{:02d}.{}".format, MONTH, YEAR),
    st.builds("{:02d}/{}".format, MONTH, YEAR),
    st.builds("{}-{:02d}".format, YEAR, MONTH),
    st.builds(str, YEAR),
)
DASH = st.sampled_from(
    [" - ", " \u2013 ", "-", "\u2013", " \u2014 ", " bis ", " to ", " au ", " a "]
)
DATE_RANGE = st.builds(lambda a, dash, b: f"{a}{dash}{b}", DATE, DASH, DATE)
GROUPED = st.builds(
    lambda head, groups, sep: sep.join([str(head), *(f"{g:03d}" for g in groups)]),
    st.integers(1, 999),
    st.lists(st.integers(0, 999), min_size=1, max_size=3),
    st.sampled_from([" ", ".", ",", "\u00a0", "\u202f", "'"]),
)
CURRENCY = st.sampled_from(["EUR", "GBP", "USD", "CHF", "€", "£", "$", "euros", "Mio.", "%"])
AMOUNT = st.one_of(
    st.builds(lambda n, c: f"{n} {c}", GROUPED, CURRENCY),
    st.builds(lambda n, c: f"{n}{c}", GROUPED, CURRENCY),
    st.builds(lambda c, n: f"{c}{n}", st.sampled_from(["€", "£", "$", "USD "]), GROUPED),
    st.builds(lambda n, w: f"{n} {w}", GROUPED, st.sampled_from(["users", "Kunden", "clients"])),
    GROUPED.filter(lambda n: not n.startswith("0")),
)
REGIONS = st.sampled_from([("DE",), ("GB", "US"), ("FR",), ("ES",), ("DE", "AT", "CH")])
JOB = "Senior Engineer, Acme GmbH"


@settings(max_examples=300, deadline=None)
@given(DATE_RANGE, REGIONS)
def test_a_range_of_dates_is_never_redacted(dates: str, regions: tuple[str, ...]) -> None:
    line = f"{dates} {JOB}"
    assert redact_text(line, PhoneReader(FINDER, regions)) == line
    cv = f"Jane Doe\n\nExperience\n{line}\n- Led the team"
    assert line in redact_cv(cv, PhoneReader(FINDER, regions)).text.splitlines()
    above_the_name = f"{dates}\nJane Doe\njane@example.com\n\nExperience\n{JOB}"
    assert dates in redact_cv(above_the_name, PhoneReader(FINDER, regions)).text.splitlines()


@settings(max_examples=300, deadline=None)
@given(AMOUNT, REGIONS)
def test_an_amount_is_never_redacted(amount: str, regions: tuple[str, ...]) -> None:
    for line in (f"Managed a budget of {amount}", f"- {amount} in 2021"):
        assert redact_text(line, PhoneReader(FINDER, regions)) == line
