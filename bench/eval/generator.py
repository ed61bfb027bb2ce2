"""The seeded generator: the data of one CV from its entry (an id, a language, a
profession and a layout).

Each CV draws from a random generator seeded with its own id, so the corpus is the same
on every run and one CV does not change when another is added. Every person, employer
and school is made up from the word lists in vocab/ (e-mail addresses are at
example.com, example.org and example.net); careers end at TODAY, not at the day of the run.
"""

import random
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCAB = Path(__file__).parent / "vocab"
SEED = "cvimprover-eval-1"
TODAY = 2025 * 12 + 5  # June 2025, in months since year 0
CORE = ("summary", "work", "education", "skills", "certificates", "languages", "projects")
LAYOUT_STYLE: dict[str, dict[str, Any]] = {
    "spaced": {"spaced_headings": True, "spaced_name": True},
    "date_column": {"short_dates": True},
    "sidebar_left": {"short_urls": True},
    "sidebar_right": {"short_urls": True},
}
GERMAN_FOLDS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}

CV = dict[str, Any]


@dataclass(frozen=True)
class Entry:
    """One generated CV: `country` picks among a language's countries (en: uk or us),
    `jobs` fixes how many jobs it lists (else 2 to 4, seeded)."""

    id: str
    language: str
    profession: str
    layout: str
    country: str | None = None
    jobs: int | None = None


@cache
def vocab(language: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((VOCAB / f"{language}.yaml").read_text("utf-8"))
    return loaded


@cache
def common() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((VOCAB / "common.yaml").read_text("utf-8"))
    return loaded


def make_cv(entry: Entry) -> CV:
    return _Writer(entry).cv()


def choose_style(rng: random.Random, words: dict[str, Any], layout: str) -> dict[str, Any]:
    """How the CV is written and laid out: everything but its facts."""
    date_styles = list(words["date_styles"])
    if LAYOUT_STYLE.get(layout, {}).get("short_dates"):
        date_styles = [s for s in date_styles if s not in ("month", "month_title")] or ["slash"]
    date_style = rng.choice(date_styles)
    dash, spaced, em = "\u2013", " \u2013 ", " \u2014 "
    separators = [dash, spaced, " - "] if date_style == "year" else [spaced, spaced, " - ", em]
    since = words["since"] and rng.random() < 0.45
    style: dict[str, Any] = {
        "date_style": date_style,
        "sep": rng.choice(separators),
        "present": rng.choice(words["present"]),
        "since": rng.choice(words["since"]) if since else None,
        "education_years_only": rng.random() < 0.55,
        "skills_style": rng.choice(["lines", "lines", "table", "columns"]),
        "spaced_headings": rng.random() < 0.2,
        "spaced_name": False,
        "contact_style": rng.choice(["line", "labelled", "stacked"]),
        "contact_sep": rng.choice([" | ", " · ", " • "]),
        "labels": {key: rng.choice(options) for key, options in words["labels"].items()},
        "font": rng.choice(common()["fonts"]),
        "font_size": rng.choice([9.5, 10, 10, 10.5]),
        "accent": rng.choice(common()["accents"]),
        "justify": rng.random() < 0.5,
        "inline_paren": rng.random() < 0.5,
        "margin": rng.choice(["15mm", "18mm", "20mm 18mm"]),
    }
    style.update(LAYOUT_STYLE.get(layout, {}))
    return style


class _Writer:
    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        self.rng = random.Random(f"{SEED}:{entry.id}")
        self.words = vocab(entry.language)
        self.job_words = self.words["professions"][entry.profession]
        countries = self.words["countries"]
        self.country = countries[entry.country or self.rng.choice(sorted(countries))]
        self.style = choose_style(self.rng, self.words, entry.layout)
        self.used_names: set[str] = set()

    def cv(self) -> CV:
        cv: CV = {
            "id": self.entry.id,
            "layout": self.entry.layout,
            "language": self.entry.language,
            "lang_tag": self.country["lang_tag"],
            "page_size": self.country["page_size"],
            "profession": self.entry.profession,
        }
        cv.update(self._person())
        cv["work"] = self._work()
        cv["label"] = cv["work"][0]["title"]
        cv["education"] = self._education(self._first_start)
        cv["summary"] = self._summary(cv["label"]) if self.rng.random() < 0.85 else ""
        cv["skills"] = self._skills()
        cv["certificates"] = self._certificates()
        cv["languages"] = self._languages()
        cv["projects"] = self._projects()
        extras = self._extras()
        cv.update(extras)
        cv["sections"] = self._order(cv, list(extras))
        cv["headings"] = {
            key: self.rng.choice(self.words["headings"][key])
            for key in [*cv["sections"], "contact"]
        }
        cv["style"] = self.style
        return cv

    # --- the person --------------------------------------------------------------------

    def _person(self) -> CV:
        rng, words = self.rng, self.words
        first = rng.choice(words["first_names"])
        last = rng.choice(words["last_names"])
        if words.get("two_surnames"):
            last = f"{last} {rng.choice([n for n in words['last_names'] if n != last])}"
        city = rng.choice(self.country["cities"])
        with_address = rng.random() < 0.5
        with_country = not with_address and rng.random() < 0.5
        location = f"{city}, {self.country['country']}" if with_country else city
        address = ""
        if with_address:
            address = self.country["address"].format(
                number=rng.randint(2, 148),
                street=rng.choice(self.country["streets"]),
                postcode=rng.choice(self.country["postcodes"]),
                city=city,
            )
        return {
            "name": f"{first} {last}",
            "email": self._email(first, last.split()[0]),
            "phone": _digits(rng, rng.choice(self.country["phones"])),
            "location": location,
            "address": address,
            "profiles": self._profiles(first, last.split()[0]),
        }

    def _email(self, first: str, last: str) -> str:
        first, last = self._ascii(first), self._ascii(last)
        local = self.rng.choice(
            [f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}{self.rng.randint(1, 99)}"]
        )
        domain = self.rng.choice(["example.com", "example.org", "example.net", "mail.example.com"])
        return f"{local}@{domain}"

    def _profiles(self, first: str, last: str) -> list[dict[str, str]]:
        rng = self.rng
        short = self.style.get("short_urls", False)  # a sidebar is narrow
        slug = f"{self._ascii(first)}-{self._ascii(last)}"
        if rng.random() < 0.4 and not short:
            slug += f"-{rng.randint(100, 999)}"
        profiles = []
        if rng.random() < 0.85:
            hosts = ["linkedin.com", "www.linkedin.com", "https://www.linkedin.com"]
            host = "linkedin.com" if short else rng.choice(hosts)
            profiles.append({"network": "LinkedIn", "url": f"{host}/in/{slug}"})
        handle = f"{self._ascii(first)[0]}{self._ascii(last)}"
        if self.entry.profession in ("software", "research") and rng.random() < 0.75:
            profiles.append({"network": "GitHub", "url": f"github.com/{handle}"})
        if self.entry.profession == "design" and rng.random() < 0.6:
            profiles.append({"network": "Behance", "url": f"behance.net/{handle}"})
        return profiles

    def _ascii(self, text: str) -> str:
        if self.entry.language == "de":
            text = "".join(GERMAN_FOLDS.get(ch, ch) for ch in text)
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return "".join(ch for ch in plain.lower() if ch.isalnum())

    # --- jobs and studies --------------------------------------------------------------

    def _work(self) -> list[CV]:
        rng = self.rng
        count = self.entry.jobs or rng.choice([2, 2, 3, 3, 4])
        titles = self._distinct(self.job_words["titles"], count)
        current = rng.random() < 0.7
        end = TODAY if current else TODAY - rng.randint(1, 8)
        bullets = self._bullet_pool()
        shares = iter([rng.randint(2, 4), rng.randint(2, 3), rng.randint(1, 2), rng.randint(0, 1)])
        jobs = []
        for index, title in enumerate(titles):
            start = end - rng.randint(14, 62)
            is_current = current and index == 0
            dates, start_written, end_written = self._range(start, end, is_current)
            jobs.append(
                {
                    "title": title,
                    "employer": self._employer(),
                    "location": rng.choice(self.country["cities"]) if rng.random() < 0.6 else "",
                    "dates": dates,
                    "start": {"written": start_written, "normalised": self._iso(start)},
                    "end": {
                        "written": end_written,
                        "normalised": None if is_current else self._iso(end),
                    },
                    "highlights": [bullets.pop() for _ in range(min(len(bullets), next(shares)))],
                }
            )
            end = start - rng.choice([0, 0, 1, 2, 3])
        self._first_start = end
        return jobs

    def _education(self, before: int) -> list[CV]:
        rng = self.rng
        degrees = self.job_words["degrees"]
        count = min(len(degrees), rng.choice([1, 2, 2]))
        chosen = sorted(rng.sample(degrees, count), key=_level, reverse=True)
        education, end = [], before - rng.randint(0, 4)
        years_only = self.style["education_years_only"]
        for degree in chosen:
            start = end - rng.choice([24, 36, 36, 48])
            written = degree.get("written") or self._degree_name(degree)
            dates, start_written, end_written = self._range(start, end, False, years_only)
            institutions = degree.get("institutions") or self.job_words["institutions"]
            education.append(
                {
                    "institution": self._place(rng.choice(institutions)),
                    "degree": written,
                    "study_type": degree["study_type"],
                    "area": degree["area"],
                    "dates": dates,
                    "start": {"written": start_written, "normalised": self._iso(start, years_only)},
                    "end": {"written": end_written, "normalised": self._iso(end, years_only)},
                }
            )
            end = start - rng.choice([0, 0, 3, 12])
        return education

    def _degree_name(self, degree: dict[str, str]) -> str:
        joiner = " in " if self.entry.language == "en" and self.rng.random() < 0.35 else " "
        return f"{degree['study_type']}{joiner}{degree['area']}"

    def _range(
        self, start: int, end: int, current: bool, years_only: bool = False
    ) -> tuple[str, str, str]:
        style = self.style
        start_written = self._written(start, years_only)
        if current and style["since"]:
            return f"{style['since']} {start_written}", start_written, ""
        end_written = style["present"] if current else self._written(end, years_only)
        return f"{start_written}{style['sep']}{end_written}", start_written, end_written

    def _written(self, month_index: int, years_only: bool = False) -> str:
        year, month = divmod(month_index, 12)
        style = "year" if years_only else self.style["date_style"]
        months = self.words["months"]
        forms = {
            "year": f"{year}",
            "slash": f"{month + 1:02d}/{year}",
            "dot": f"{month + 1:02d}.{year}",
            "iso": f"{year}-{month + 1:02d}",
            "month": f"{months[month]} {year}",
            "month_title": f"{months[month][:1].upper()}{months[month][1:]} {year}",
            "month_short": f"{self.words['months_short'][month]} {year}",
        }
        return forms[style]

    def _iso(self, month_index: int, years_only: bool = False) -> str:
        year, month = divmod(month_index, 12)
        if years_only or self.style["date_style"] == "year":
            return f"{year}"
        return f"{year}-{month + 1:02d}"

    def _employer(self) -> str:
        while True:
            name = self._place(self.rng.choice(self.job_words["employers"]))
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def _place(self, pattern: str) -> str:
        return pattern.format(
            brand=self.rng.choice(common()["brands"]), town=self.rng.choice(self.words["towns"])
        )

    def _distinct(self, options: list[str], count: int) -> list[str]:
        """`count` options of which none contains another (a title inside a longer title
        would be found where the longer one stands)."""
        chosen: list[str] = []
        for option in self.rng.sample(options, len(options)):
            if not any(option in other or other in option for other in chosen):
                chosen.append(option)
        return chosen[:count]

    def _bullet_pool(self) -> list[str]:
        own = self.rng.sample(self.job_words["bullets"], len(self.job_words["bullets"]))
        generic = self.rng.sample(self.words["generic_bullets"], 4)
        pool = [*generic, *own]  # popped from the end: the profession's own come first
        return pool

    # --- the rest ----------------------------------------------------------------------

    def _summary(self, label: str) -> str:
        years = (TODAY - self._first_start) // 12
        lower = label if self.entry.language == "de" else label.lower()
        return self.rng.choice(self.words["summaries"]).format(
            label=label,
            label_lower=lower,
            years=years,
            field=self.job_words["field"],
            strength=self.rng.choice(self.job_words["strengths"]),
        )

    def _skills(self) -> list[CV]:
        rng = self.rng
        groups = list(self.job_words["skills"].items())
        if len(groups) > 2 and rng.random() < 0.3:
            groups = groups[:2]
        chosen = []
        for name, items in groups:
            count = rng.randint(min(3, len(items)), len(items))
            chosen.append({"name": name, "items": rng.sample(items, count)})
        return chosen

    def _certificates(self) -> list[CV]:
        rng = self.rng
        names = self.job_words["certificates"]
        count = min(len(names), rng.choice([0, 1, 2, 2, 3]))
        return [
            {"name": name, "date": str(rng.randint(self._first_start // 12 + 1, TODAY // 12))}
            for name in rng.sample(names, count)
        ]

    def _languages(self) -> list[CV]:
        rng, words = self.rng, self.words
        names = words["language_names"]
        native = names[self.entry.language]
        others = [name for code, name in names.items() if code != self.entry.language]
        spoken = [{"language": native, "fluency": words["native"]}]
        for name in rng.sample(others, rng.randint(1, 3)):
            spoken.append({"language": name, "fluency": rng.choice(words["fluency"])})
        return spoken

    def _projects(self) -> list[CV]:
        projects = self.job_words.get("projects") or []
        return [dict(p) for p in projects] if self.rng.random() < 0.6 else []

    def _extras(self) -> dict[str, list[str]]:
        """The sections a reader does not know: publications, volunteering, interests."""
        rng, words = self.rng, self.words
        extras: dict[str, list[str]] = {}
        if self.job_words.get("publications"):
            extras["publications"] = list(self.job_words["publications"])
        if rng.random() < 0.5:
            extras["volunteering"] = rng.sample(words["volunteering"], rng.randint(1, 2))
        if rng.random() < 0.35:
            extras["interests"] = rng.sample(words["interests"], rng.randint(3, 5))
        if not extras and rng.random() < 0.6:
            extras["volunteering"] = rng.sample(words["volunteering"], 1)
        return extras

    def _order(self, cv: CV, extras: list[str]) -> list[str]:
        order = list(CORE)
        if self.rng.random() < 0.2:
            order.remove("education")
            order.insert(1, "education")
        if self.rng.random() < 0.25:
            order.remove("skills")
            order.insert(1, "skills")
        return [key for key in order if cv.get(key)] + extras


DOCTORATES = ("phd", "promotion", "doctorat", "doctorado")
MASTERS = (
    "master",
    "máster",
    "msc",
    "m.sc.",
    "ma",
    "m.a.",
    "m.ed.",
    "llm",
    "ll.m.",
    "meef",
    "zweites",
    "postgraduate",
    "pgce",
    "fachweiterbildung",
    "dsaa",
    "capa",
    "capes",
)


def _level(degree: dict[str, str]) -> int:
    """How advanced a degree is, from its name: the most advanced is the most recent."""
    first = degree["study_type"].lower().split()[0]
    return 2 if first in DOCTORATES else 1 if first in MASTERS else 0


def _digits(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randint(0, 9)) if ch == "#" else ch for ch in pattern)


FIELDS = frozenset(
    {
        "id",
        "layout",
        "language",
        "lang_tag",
        "page_size",
        "profession",
        "name",
        "label",
        "email",
        "phone",
        "location",
        "address",
        "profiles",
        "sections",
        "headings",
        "style",
        *CORE,
    }
)


def complete(cv: CV) -> CV:
    """A hand-written CV with what the templates need and it leaves out: a style seeded
    from its id, the first heading its language offers for each section, the sections in
    the usual order (any other list it has is a section of its own, after the others)."""
    words = vocab(cv["language"])
    rng = random.Random(f"{SEED}:{cv['id']}")
    style = choose_style(rng, words, cv["layout"])
    style.update(cv.get("style") or {})
    country = next(iter(words["countries"].values()))
    defaults: CV = {"lang_tag": country["lang_tag"], "page_size": country["page_size"]}
    for key in ("profession", "label", "summary", "address", "location"):
        defaults[key] = ""
    for key in ("profiles", "education", "skills", "certificates", "languages", "projects"):
        defaults[key] = []
    filled: CV = {**defaults, **cv, "style": style}
    filled["work"] = [{"location": "", "highlights": [], **job} for job in cv["work"]]
    filled["education"] = [{"study_type": "", "area": "", **d} for d in filled["education"]]
    extras = [key for key, value in cv.items() if key not in FIELDS and isinstance(value, list)]
    if "sections" not in cv:
        filled["sections"] = [key for key in CORE if filled.get(key)] + extras
    headings = {key: options[0] for key, options in words["headings"].items()}
    headings.update({key: key.replace("_", " ").title() for key in extras if key not in headings})
    filled["headings"] = {**headings, **(cv.get("headings") or {})}
    return filled
