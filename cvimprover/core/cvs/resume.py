"""A CV as data: a document in the shape of JSON Resume v1.0.0 (jsonresume.org/schema),
the schema file of which ships with the project (`adapters/documents/schemas/`).

Every field is optional, as in the schema; dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`,
and a job or study still going on has no `endDate`. The schema allows no top-level member
of its own, so what a CV holds that fits none of its sections - a "Conferences" section, a
line of the top block that is neither name, label nor contact - is kept, in the order the
CV gives it, under `meta["x-sections"]` as `{"title": ..., "lines": [...]}` (the title of
the lines before any heading is ""): never dropped, never merged into another section.
"""

from dataclasses import dataclass
from typing import Final, TypedDict

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
EXTRA_SECTIONS: Final = "x-sections"


class Location(TypedDict, total=False):
    address: str
    postalCode: str
    city: str
    countryCode: str
    region: str


class Profile(TypedDict, total=False):
    network: str
    username: str
    url: str


class Basics(TypedDict, total=False):
    name: str
    label: str
    image: str
    email: str
    phone: str
    url: str
    summary: str
    location: Location
    profiles: list[Profile]


class Work(TypedDict, total=False):
    name: str
    location: str
    description: str
    position: str
    url: str
    startDate: str
    endDate: str
    summary: str
    highlights: list[str]


class Volunteer(TypedDict, total=False):
    organization: str
    position: str
    url: str
    startDate: str
    endDate: str
    summary: str
    highlights: list[str]


class Education(TypedDict, total=False):
    institution: str
    url: str
    area: str
    studyType: str
    startDate: str
    endDate: str
    score: str
    courses: list[str]
    # Beyond JSON Resume v1.0.0, whose items allow members of their own: where the school
    # is, and what its heading said besides.
    location: str
    summary: str


class Award(TypedDict, total=False):
    title: str
    date: str
    awarder: str
    summary: str


class Certificate(TypedDict, total=False):
    name: str
    date: str
    url: str
    issuer: str


class Publication(TypedDict, total=False):
    name: str
    publisher: str
    releaseDate: str
    url: str
    summary: str


class Skill(TypedDict, total=False):
    name: str
    level: str
    keywords: list[str]


class Language(TypedDict, total=False):
    language: str
    fluency: str


class Interest(TypedDict, total=False):
    name: str
    keywords: list[str]


class Reference(TypedDict, total=False):
    name: str
    reference: str


class Project(TypedDict, total=False):
    name: str
    description: str
    highlights: list[str]
    keywords: list[str]
    startDate: str
    endDate: str
    url: str
    roles: list[str]
    entity: str
    type: str


class Section(TypedDict):
    """A section of the CV that JSON Resume has no place for, kept as its lines."""

    title: str
    lines: list[str]


Meta = TypedDict(
    "Meta",
    {"canonical": str, "version": str, "lastModified": str, "x-sections": list[Section]},
    total=False,
)

Resume = TypedDict(
    "Resume",
    {
        "$schema": str,
        "basics": Basics,
        "work": list[Work],
        "volunteer": list[Volunteer],
        "education": list[Education],
        "awards": list[Award],
        "certificates": list[Certificate],
        "publications": list[Publication],
        "skills": list[Skill],
        "languages": list[Language],
        "interests": list[Interest],
        "references": list[Reference],
        "projects": list[Project],
        "meta": Meta,
    },
    total=False,
)


@dataclass(frozen=True)
class ResumeProblem:
    """Where a document breaks the schema, as a JSONPath (`$.work[0].startDate`; `$` for
    the whole document), and how, in words."""

    path: str
    message: str


def extra_sections(resume: Resume) -> list[Section]:
    meta: Meta = resume.get("meta", {})
    return meta.get(EXTRA_SECTIONS, [])
