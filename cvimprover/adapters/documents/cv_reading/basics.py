"""The person's basics - name, label, e-mail, phone, place, web profiles - from the lines
before the first heading and from a contact section; what those lines say besides is
handed back, to be kept."""

import re
from dataclasses import dataclass, field

from cvimprover.adapters.documents.cv_reading.contacts import (
    EMAIL,
    URL,
    phone_in,
    profile_from_handle,
    profile_of,
    without_label,
)
from cvimprover.adapters.documents.cv_reading.lines import Line
from cvimprover.adapters.documents.cv_reading.places import location_of
from cvimprover.core.cvs.resume import Basics, Location, Profile

SEPARATORS = re.compile(r"\s+[|•·♦◆]\s+|\s*[|•·]\s*(?=\S)|\s+[–—]\s+")


@dataclass
class Contacts:
    """What the contact lines gave so far; `rest` are the lines that were no contact."""

    regions: list[str]
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    location: Location | None = None
    profiles: list[Profile] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)

    def read(self, line: Line) -> None:
        left = [part for part in (self._fragment(f) for f in fragments(line)) if part]
        if left:
            self.rest.append(" | ".join(left))

    def _fragment(self, fragment: str) -> str:
        """What is left of a fragment once its contact details are taken out."""
        for found in EMAIL.findall(fragment):
            self.email = self.email or found
            fragment = fragment.replace(found, " ")
        for found in URL.findall(fragment):
            self._add_profile(profile_of(found))
            fragment = fragment.replace(found, " ")
        handle = profile_from_handle(fragment)
        if handle:
            self._add_profile(handle)
            return ""
        phone = phone_in(fragment, self.regions) if sum(map(str.isdigit, fragment)) >= 6 else None
        if phone:
            self.phone = self.phone or phone
            fragment = fragment.replace(phone, " ")
        fragment = without_label(fragment).strip(" ,;:|")
        place = location_of(fragment) if fragment else None
        if place and self.location is None:
            self.location = place
            return ""
        return fragment if any(char.isalnum() for char in fragment) else ""

    def _add_profile(self, profile: Profile) -> None:
        if "network" not in profile and self.url is None:
            self.url = profile["url"]
        elif profile not in self.profiles:
            self.profiles.append(profile)


def fragments(line: Line) -> list[str]:
    return [part for cell in line.cells for part in SEPARATORS.split(cell) if part.strip()]


def basics_of(name: str | None, label: str | None, contacts: Contacts) -> Basics:
    basics: Basics = {}
    if name:
        basics["name"] = name.title() if name.isupper() else name
    if label:
        basics["label"] = label
    if contacts.email:
        basics["email"] = contacts.email
    if contacts.phone:
        basics["phone"] = contacts.phone
    if contacts.url:
        basics["url"] = contacts.url
    if contacts.location:
        basics["location"] = contacts.location
    if contacts.profiles:
        basics["profiles"] = contacts.profiles
    return basics
