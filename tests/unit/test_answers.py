"""An improver's answer reaches its owner under their name and contact line, with no phone
number or e-mail address but theirs, and with every date and amount it states."""

from cvimprover.adapters.privacy.phonenumbers_phone_finder import PhonenumbersPhoneFinder
from cvimprover.core.cvs.answers import with_contact
from cvimprover.core.cvs.contact import Contact
from cvimprover.core.cvs.phone_rules import PhoneReader

PHONES = PhoneReader(PhonenumbersPhoneFinder(), ("DE", "GB", "US"))
MAX = Contact(
    name="Max Mustermann",
    emails=["max@example.de"],
    phones=["0171/2345678"],
    locations=["Berlin"],
    profiles=["linkedin.com/in/maxm"],
)
EXPERIENCE = "## Experience\n\n### Softwareentwickler, Acme GmbH, 04.2016 - 03.2019\n"


def test_the_answer_is_headed_by_the_name_and_the_contact_line() -> None:
    answer = with_contact("## Summary\n\nBackend engineer.\n", MAX, PHONES)
    assert answer == (
        "# Max Mustermann\n\n"
        "Berlin · max@example.de · 0171/2345678 · linkedin.com/in/maxm\n\n"
        "## Summary\n\nBackend engineer.\n"
    )


def test_a_placeholder_heading_and_contact_line_of_the_vendor_give_way_to_ours() -> None:
    answer = with_contact(
        "# [Your Name]\n[e-mail removed] | Tel.: +49 30 9999999\n\n" + EXPERIENCE, MAX, PHONES
    )
    assert answer.splitlines()[:4] == [
        "# Max Mustermann",
        "",
        "Berlin · max@example.de · 0171/2345678 · linkedin.com/in/maxm",
        "",
    ]
    assert "9999999" not in answer
    assert "removed]" not in answer
    assert EXPERIENCE.strip() in answer


def test_a_phone_the_vendor_invents_becomes_the_persons_own() -> None:
    answer = with_contact("## Summary\n\nReach me on +44 20 7946 0000 any day.\n", MAX, PHONES)
    assert "Reach me on 0171/2345678 any day." in answer
    assert "7946" not in answer


def test_a_phone_the_vendor_invents_goes_when_the_person_gave_none() -> None:
    answer = with_contact(
        "## Summary\n\nReach me on +44 20 7946 0000 any day.\n", Contact(), PHONES
    )
    assert answer == "## Summary\n\nReach me on any day.\n"


def test_an_e_mail_the_vendor_invents_becomes_the_persons_own() -> None:
    answer = with_contact("## Summary\n\nWrite to jobs@invented.example.\n", MAX, PHONES)
    assert "Write to max@example.de." in answer


def test_dates_and_amounts_in_the_answer_stay() -> None:
    body = EXPERIENCE + "- Budget von 12 000 000 EUR, 1.200.000 Kunden, 01.04.2016 - 03.2019\n"
    answer = with_contact(body, MAX, PHONES)
    assert answer.endswith(body)


def test_a_headline_the_vendor_puts_in_the_title_stays_under_the_name() -> None:
    answer = with_contact("# Senior Backend Engineer\n\n" + EXPERIENCE, MAX, PHONES)
    assert answer.splitlines()[4] == "Senior Backend Engineer"


def test_without_a_name_taken_out_the_vendors_heading_stays() -> None:
    answer = with_contact("# Jane Doe\n\n" + EXPERIENCE, Contact(emails=["j@x.io"]), PHONES)
    assert answer.startswith("# Jane Doe\n\nj@x.io\n\n## Experience")
