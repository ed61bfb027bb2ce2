"""Words as keywords, and how far a CV's phrases meet a job description's (no model:
plain token overlap, with a light plural fold so "APIs" meets "API")."""

import re
from collections import Counter
from collections.abc import Iterable, Iterator

# Keeps c++, c#, node.js, ci/cd and t-sql whole.
TOKEN = re.compile(r"[a-z0-9][a-z0-9+#./-]*[a-z0-9+#]|[a-z]", re.IGNORECASE)

STOPWORDS_TEXT = """
    a about above across after all also am an and any are as at be been being both but by
    can could did do does doing during each either etc e.g i.e for from further had has
    have having he her here hers him his how if in into is it its itself just may me might
    more most must my no nor not of off on once only or other our ours out over own per
    same she should so some such than that the their theirs them then there these they
    this those through to too under until up upon us very via was we were what when where
    which while who whom why will with within without would you your yours
    ability able apply applicant applicants based benefits best bonus candidate candidates
    closely company culture day days degree desirable ensure environment equivalent
    excellent experience experienced familiar familiarity fast friendly full good great
    help highly ideal ideally including join knowledge least like looking love make new
    nice offer opportunity paced part plus position preferred proven related relevant
    remote required requirement requirements responsibilities responsible role salary
    skill skills solid strong successful team teams time understanding use using want
    well work working world year years
"""


def fold(token: str) -> str:
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


# Folded as the tokens they are checked against are.
STOPWORDS = frozenset(map(fold, STOPWORDS_TEXT.split()))


def tokens(text: str) -> Iterator[str]:
    for token in map(str.lower, TOKEN.findall(text)):
        yield fold(token)
        if "/" in token:
            yield from (fold(part) for part in token.split("/") if part)


def keyword_counts(text: str) -> Counter[str]:
    return Counter(token for token in tokens(text) if token not in STOPWORDS)


def relevance(phrase: str, wanted: Counter[str]) -> int:
    return sum(wanted[token] for token in set(tokens(phrase)) if token not in STOPWORDS)


def by_relevance(phrases: Iterable[str], wanted_text: str) -> list[str]:
    """Most wanted first; ties keep the CV's own order."""
    wanted = keyword_counts(wanted_text)
    ranked = sorted(enumerate(phrases), key=lambda item: (-relevance(item[1], wanted), item[0]))
    return [phrase for _, phrase in ranked]
