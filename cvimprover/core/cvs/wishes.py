"""What a person's own request asks of their improved CV that we can read for certain: the
language to write it in, and whether it must fit on one page. The rest of the request is
guidance for a vendor, within the rules; none of it is an instruction to us."""

import re
from dataclasses import dataclass

LANGUAGE_NAMES = {
    "en": r"english|englisch|anglais|ingl[eé]s",
    "de": r"german|deutsch|allemand|alem[aá]n",
    "fr": r"french|franz[öo]sisch|fran[cç]ais|franc[eé]s",
    "es": r"spanish|spanisch|espagnol|espa[nñ]ol|castellano",
}
ENDS_WISH = (
    r"(?=\s*(?:$|[.,;:!?)]|(?:please|bitte|only|nur|language|sprache|s'il|svp|merci|por|"
    r"danke|gracias|and|und|et|y|too|also|auch)\b))"
)
IN_LANGUAGE = {
    code: re.compile(rf"(?i)\b(?:in|into|auf|en|al|ins)\s+(?:the\s+)?(?:{names}){ENDS_WISH}")
    for code, names in LANGUAGE_NAMES.items()
}
"""A language the CV is to be written in: "stay in German", "auf Deutsch bitte", "en
français" - not one a sentence mentions ("experience in German companies")."""
ONE_PAGE = re.compile(
    r"(?i)\b(?:one|1|single)[ -]page(?:r|s)?\b|\bpage\s+(?:long|max(?:imum)?)\b|"
    r"\b(?:eine|1)\s+(?:din[ -]a4[ -])?seite\b|\beinseitig\w*|\b(?:une|1)\s+(?:seule\s+)?page\b|"
    r"\b(?:una|1)\s+(?:sola\s+)?p[aá]gina\b"
)
LANGUAGE_WORDS = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}


@dataclass(frozen=True)
class Wishes:
    """`language` ("en", "de", "fr" or "es") when the request names one; `one_page` when
    it asks for a CV of one page."""

    language: str | None = None
    one_page: bool = False

    def said(self) -> str:
        """The wishes in a sentence, for a vendor; empty when there are none."""
        parts = [f"write it in {LANGUAGE_WORDS[self.language]}"] if self.language else []
        parts += ["make it fit on one page"] if self.one_page else []
        return "; ".join(parts)


def read_wishes(request: str) -> Wishes:
    """The language the request names (the one it names last, when it names several:
    "from English into German"), and whether it asks for one page."""
    named = [
        (match.start(), code)
        for code, pattern in IN_LANGUAGE.items()
        for match in pattern.finditer(request)
    ]
    language = max(named)[1] if named else None
    return Wishes(language=language, one_page=bool(ONE_PAGE.search(request)))
