"""Certificates, one a line: "AWS Certified Solutions Architect – Associate (Amazon Web
Services), 2022", "Certified Kubernetes Administrator (CKA) | CNCF | 2021"."""

import re
from typing import cast

from cvimprover.adapters.documents.cv_reading.contacts import URL, profile_of
from cvimprover.adapters.documents.cv_reading.dates import find_period
from cvimprover.adapters.documents.cv_reading.lines import Line
from cvimprover.adapters.documents.cv_reading.words import key
from cvimprover.core.cvs.resume import Certificate

ISSUERS = frozenset(key(name) for name in (
    "AWS", "Amazon Web Services", "Amazon", "Google", "Google Cloud", "Microsoft", "CNCF",
    "The Linux Foundation", "Linux Foundation", "PMI", "Scrum.org", "Scrum Alliance", "Cisco",
    "Oracle", "ISC2", "(ISC)²", "ISACA", "CompTIA", "HashiCorp", "Red Hat", "IHK", "TÜV",
    "Goethe-Institut", "Cambridge", "Cambridge English", "AXELOS", "PeopleCert", "IPMA",
    "iSAQB", "ISTQB", "SAP", "Salesforce", "Coursera", "Udemy", "edX", "DataCamp",
    "Alliance Française", "Instituto Cervantes", "Meta", "IBM", "Databricks", "Snowflake",
    "Confluent", "MongoDB", "Atlassian", "ITIL", "GIAC", "Offensive Security", "EC-Council",
))  # fmt: skip
BY = re.compile(r"(?i)^(?:issued by|by|von|par|por|délivré par|expedido por|ausgestellt von)\s+")
PARTS = re.compile(r"\s*\|\s*|\s+[–—]\s+|\s*,\s*")


def certificates_of(lines: list[Line]) -> list[Certificate]:
    return [certificate_of(line) for line in lines]


def certificate_of(line: Line) -> Certificate:
    text = line.text
    certificate: dict[str, str] = {}
    period = find_period(text)
    if period is not None:
        certificate["date"] = period.end or period.start or ""
        text = (text[: period.begin] + " " + text[period.finish :]).strip()
    for found in URL.findall(text):
        if "/" in found or found.lower().startswith("www."):  # not "Scrum.org", an issuer
            certificate["url"] = profile_of(found)["url"]
            text = text.replace(found, " ")
    name, issuer = _name_and_issuer(re.sub(r"\(\s*\)", "", text).strip(" ,;|–—-"))
    if issuer:
        certificate["issuer"] = issuer
    return cast(Certificate, {"name": name or line.text, **certificate})


def _name_and_issuer(text: str) -> tuple[str, str | None]:
    for bracketed in re.finditer(r"\(([^()]+)\)", text):
        if _is_issuer(bracketed.group(1)):
            rest = (text[: bracketed.start()] + text[bracketed.end() :]).strip(" ,;|–—-")
            return " ".join(rest.split()), bracketed.group(1).strip()
    parts = [part for part in PARTS.split(text) if part.strip(" ()")]
    for index, part in enumerate(parts[1:], start=1):
        if _is_issuer(part):
            others = [other for at, other in enumerate(parts) if at != index]
            return " – ".join(others), BY.sub("", part).strip()
    return " ".join(text.split()), None


def _is_issuer(text: str) -> bool:
    return key(BY.sub("", text.strip())) in ISSUERS or bool(BY.match(text.strip()))
