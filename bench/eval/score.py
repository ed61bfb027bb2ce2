"""What a reader got out of one CV, against the CV's sidecar facts.

    score(facts, text)           the extracted text alone
    score(facts, text, resume)   and a structured CV beside it (a JSON Resume v1.0.0 dict:
                                 basics, work[{name, position, startDate, endDate, ...}],
                                 education[...], ...), its fields named "resume.<field>"

Each field is a Tally: how many of the CV's facts were found, out of how many, and which
were missed. Text is compared after `normalise`: the same characters, whatever the
spacing, dashes or case. A fact is found in the text when its words are there in order,
a line break counting as a space (a wrapped title is found; a word hyphenated at a line
end and not joined again is not); a heading when it is a line of its own; a job "stands
together" (job_lines) when its title, employer and dates are within JOB_LINES lines.
"""

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

DASHES = re.compile(r"\s*[\u002d\u2010\u2011\u2012\u2013\u2014\u2212]\s*")
SPACES = re.compile(r"\s+")
JOB_LINES = 4
"""A job's title, employer and dates all within this many consecutive lines (a wrapped
title, then the employer, then the dates on their own line is four)."""

Facts = dict[str, Any]


@dataclass
class Tally:
    hits: int = 0
    total: int = 0
    missed: list[str] = field(default_factory=list)

    def add(self, found: bool, what: str) -> None:
        self.total += 1
        if found:
            self.hits += 1
        else:
            self.missed.append(what)

    def merge(self, other: "Tally") -> None:
        self.hits += other.hits
        self.total += other.total
        self.missed.extend(other.missed)

    @property
    def recall(self) -> float | None:
        return self.hits / self.total if self.total else None


Score = dict[str, Tally]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = DASHES.sub("-", text)
    return SPACES.sub(" ", text).strip().casefold()


def score(facts: Facts, text: str, resume: dict[str, Any] | None = None) -> Score:
    result = _TextScorer(facts, text).score()
    if resume is not None:
        for name, tally in _ResumeScorer(facts, resume).score().items():
            result[f"resume.{name}"] = tally
    return result


class _TextScorer:
    def __init__(self, facts: Facts, text: str) -> None:
        self.facts = facts
        self.lines = [line for line in (normalise(raw) for raw in text.splitlines()) if line]
        self.whole = normalise(" ".join(self.lines))
        self.result: Score = {}

    def score(self) -> Score:
        facts = self.facts
        for name in ("name", "email", "phone", "location", "address"):
            if facts.get(name):
                self._found(name, [facts[name]])
        self._found("profiles", [p["url"] for p in facts.get("profiles", [])])
        work = facts.get("work", [])
        self._found("employers", [job["employer"] for job in work])
        self._found("titles", [job["title"] for job in work])
        self._found("dates", [job["dates"] for job in work])
        education = facts.get("education", [])
        self._found("degrees", [d["degree"] for d in education])
        self._found("institutions", [d["institution"] for d in education])
        self._found("degree_dates", [d["dates"] for d in education])
        self._found("certificates", [c["name"] for c in facts.get("certificates", [])])
        self._found("skills", [i for g in facts.get("skills", []) for i in g["items"]])
        self._found("languages", [lang["language"] for lang in facts.get("languages", [])])
        self._found("other_sections", [item for key in _extras(facts) for item in facts[key]])
        highlights = [h for job in work for h in job.get("highlights", [])]
        self._found("highlights", highlights)
        self._tally("highlights_one_line", highlights, self._on_one_line)
        self._tally("headings", [h for c in facts["heading_order"] for h in c], self._heading)
        self._job_lines(work)
        self._heading_order(facts["heading_order"])
        return self.result

    def _found(self, name: str, needles: Iterable[str]) -> None:
        self._tally(name, needles, lambda needle: needle in self.whole)

    def _tally(self, name: str, needles: Iterable[str], test: Any) -> None:
        tally = self.result.setdefault(name, Tally())
        for needle in needles:
            tally.add(bool(test(normalise(needle))), needle)

    def _on_one_line(self, needle: str) -> bool:
        return any(needle in line for line in self.lines)

    def _heading(self, needle: str) -> bool:
        return needle in self.lines

    def _spans(self, needle: str) -> list[tuple[int, int]]:
        """Where `needle` stands: (first line, last line), on one line or two."""
        needle = normalise(needle)
        spans = [(i, i) for i, line in enumerate(self.lines) if needle in line]
        for i in range(len(self.lines) - 1):
            wrapped = normalise(f"{self.lines[i]} {self.lines[i + 1]}")
            alone = (i, i) in spans or (i + 1, i + 1) in spans
            if not alone and needle in wrapped:
                spans.append((i, i + 1))
        return spans

    def _job_lines(self, work: list[Facts]) -> None:
        """Each job's title, employer and dates close together, after the previous job's."""
        tally = self.result.setdefault("job_lines", Tally())
        after = -1
        for job in work:
            windows = [
                (min(t[0], e[0], d[0]), max(t[1], e[1], d[1]))
                for t in self._spans(job["title"])
                for e in self._spans(job["employer"])
                for d in self._spans(job["dates"])
            ]
            fitting = [w for w in windows if w[0] > after and w[1] - w[0] < JOB_LINES]
            tally.add(bool(fitting), f"{job['title']} | {job['employer']} | {job['dates']}")
            if fitting:
                after = min(fitting)[1]

    def _heading_order(self, columns: list[list[str]]) -> None:
        """The headings of each column as whole lines, in the column's order."""
        in_order = True
        for headings in columns:
            position = -1
            for heading in map(normalise, headings):
                later = [i for i, line in enumerate(self.lines) if line == heading and i > position]
                if not later:
                    in_order = False
                    break
                position = later[0]
        self.result["heading_order"] = Tally()
        self.result["heading_order"].add(in_order, " / ".join(" > ".join(c) for c in columns))


def _extras(facts: Facts) -> list[str]:
    known = {"summary", "work", "education", "skills", "certificates", "languages", "projects"}
    return [key for key in facts.get("sections", []) if key not in known]


class _ResumeScorer:
    """The structured CV's fields against the facts: each fact job is matched to the
    first unmatched work entry of the same employer (else the same position), each
    degree to the first unmatched entry of the same institution."""

    def __init__(self, facts: Facts, resume: dict[str, Any]) -> None:
        self.facts = facts
        self.resume = resume
        self.basics = resume.get("basics") or {}
        self.result: Score = {}

    def tally(self, name: str) -> Tally:
        return self.result.setdefault(name, Tally())

    def score(self) -> Score:
        facts, basics = self.facts, self.basics
        self.tally("name").add(_same(basics.get("name"), facts["name"]), facts["name"])
        self.tally("email").add(_same(basics.get("email"), facts["email"]), facts["email"])
        self.tally("phone").add(_same_phone(basics.get("phone"), facts["phone"]), facts["phone"])
        self._profiles()
        self._work()
        self._education()
        self._named("certificates", "certificates", [c["name"] for c in facts["certificates"]])
        self._named(
            "languages", "languages", [x["language"] for x in facts["languages"]], "language"
        )
        self._skills()
        everything = normalise(" | ".join(_strings(self.resume)))
        for key in _extras(facts):
            for item in facts[key]:
                self.tally("other_sections").add(normalise(item) in everything, item)
        return self.result

    def _profiles(self) -> None:
        urls = {_bare_url(p.get("url", "")) for p in self.basics.get("profiles") or []}
        urls.add(_bare_url(self.basics.get("url") or ""))
        for profile in self.facts.get("profiles", []):
            self.tally("profiles").add(_bare_url(profile["url"]) in urls, profile["url"])

    def _work(self) -> None:
        entries = list(self.resume.get("work") or [])
        for job in self.facts["work"]:
            entry = _take(
                entries,
                lambda e, job=job: _same(e.get("name") or e.get("company"), job["employer"]),
            )
            entry = entry or _take(
                entries, lambda e, job=job: _same(e.get("position"), job["title"])
            )
            entry = entry or {}
            self.tally("employers").add(
                _same(entry.get("name") or entry.get("company"), job["employer"]), job["employer"]
            )
            self.tally("titles").add(_same(entry.get("position"), job["title"]), job["title"])
            self.tally("start").add(
                _same_date(entry.get("startDate"), job["start"]["normalised"]), job["dates"]
            )
            self.tally("end").add(
                _same_date(entry.get("endDate"), job["end"]["normalised"]), job["dates"]
            )
            theirs = {normalise(h) for h in entry.get("highlights") or []}
            for highlight in job.get("highlights", []):
                self.tally("highlights").add(normalise(highlight) in theirs, highlight)

    def _education(self) -> None:
        entries = list(self.resume.get("education") or [])
        for degree in self.facts["education"]:
            entry = (
                _take(entries, lambda e, d=degree: _same(e.get("institution"), d["institution"]))
                or {}
            )
            self.tally("institutions").add(
                _same(entry.get("institution"), degree["institution"]), degree["institution"]
            )
            self.tally("degrees").add(_same_degree(entry, degree), degree["degree"])
            dates = _same_date(
                entry.get("startDate"), degree["start"]["normalised"]
            ) and _same_date(entry.get("endDate"), degree["end"]["normalised"])
            self.tally("degree_dates").add(dates, degree["dates"])

    def _named(self, name: str, key: str, wanted: list[str], field_name: str = "name") -> None:
        theirs = {normalise(e.get(field_name) or "") for e in self.resume.get(key) or []}
        for item in wanted:
            self.tally(name).add(normalise(item) in theirs, item)

    def _skills(self) -> None:
        groups = self.resume.get("skills") or []
        names = {normalise(g.get("name") or "") for g in groups}
        keywords = {normalise(k) for g in groups for k in g.get("keywords") or []}
        for group in self.facts["skills"]:
            self.tally("skill_groups").add(normalise(group["name"]) in names, group["name"])
            for item in group["items"]:
                self.tally("skills").add(normalise(item) in keywords, item)


def _take(entries: list[dict[str, Any]], matches: Any) -> dict[str, Any] | None:
    for index, entry in enumerate(entries):
        if matches(entry):
            return entries.pop(index)
    return None


def _same(theirs: object, ours: str) -> bool:
    return isinstance(theirs, str) and normalise(theirs) == normalise(ours)


def _same_phone(theirs: object, ours: str) -> bool:
    """The same digits, or the same number with its country code or trunk zero."""
    if not isinstance(theirs, str):
        return False
    a, b = re.sub(r"\D", "", theirs), re.sub(r"\D", "", ours)
    shorter, longer = sorted((a.lstrip("0"), b.lstrip("0")), key=len)
    return a == b or (len(shorter) >= 7 and longer.endswith(shorter))


def _same_date(theirs: object, ours: str | None) -> bool:
    """ISO 8601 as JSON Resume writes it: a current job has no end date (or an empty
    one); "2019-03" matches "2019-03" and "2019-03-01", "2019" only "2019"."""
    if ours is None:
        return not theirs
    if not isinstance(theirs, str):
        return False
    return theirs == ours or (len(ours) == 7 and re.fullmatch(rf"{ours}-\d\d", theirs) is not None)


def _same_degree(entry: dict[str, Any], degree: Facts) -> bool:
    study, area = entry.get("studyType") or "", entry.get("area") or ""
    if _same(f"{study} {area}", degree["degree"]) or _same(area, degree["degree"]):
        return True
    return _same(study, degree["study_type"]) and _same(area, degree["area"])


def _bare_url(url: str) -> str:
    return re.sub(r"^(https?://)?(www\.)?", "", url.strip().casefold()).rstrip("/")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def as_json(result: Score) -> dict[str, Any]:
    return {
        name: {"hits": t.hits, "total": t.total, "missed": t.missed} for name, t in result.items()
    }


if __name__ == "__main__":  # a quick look: python -m bench.eval.score FACTS.json TEXT.txt
    import sys

    facts_file, text_file = sys.argv[1:3]
    with open(facts_file, encoding="utf-8") as opened:
        loaded = json.load(opened)
    with open(text_file, encoding="utf-8") as opened:
        print(json.dumps(as_json(score(loaded, opened.read())), ensure_ascii=False, indent=2))
