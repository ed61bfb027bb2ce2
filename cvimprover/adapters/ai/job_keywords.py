"""The terms a job description insists on: names and acronyms used mid-sentence
("Kubernetes", "Six Sigma", "AWS"), technical tokens ("c++", "node.js") and words it
repeats. A capitalised word opening a sentence is taken for an ordinary word, and a name
after "at" or "join" for the employer's own."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cvimprover.adapters.ai.cv_keywords import STOPWORDS, TOKEN, fold, keyword_counts, tokens

WORD = re.compile(r"\S+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
EDGE_PUNCTUATION = "()[]{},;:.!?\"'"
EMPLOYER_CUES = frozenset({"at", "join", "@"})
MOST_GAPS = 10


@dataclass(frozen=True)
class Term:
    text: str
    keys: frozenset[str]


def important_terms(job_description: str) -> list[Term]:
    """Most frequent first; ties in the order the description names them."""
    counts = keyword_counts(job_description)
    texts = {phrase.lower(): phrase for phrase in _named_phrases(job_description)}
    covered = {token for text in texts.values() for token in tokens(text)}
    spelling = _spellings(job_description)
    for token, count in counts.items():
        if token not in covered and (count > 1 or _technical(token)):
            texts.setdefault(token, spelling.get(token, token))
    terms = [Term(text, _keys(text)) for text in texts.values()]
    terms = [term for term in terms if term.keys and all(map(_wordlike, term.keys))]
    return sorted(terms, key=lambda term: -max(counts[key] for key in term.keys))


def shown_terms(job_description: str, shown: str) -> list[str]:
    present = set(tokens(shown))
    return [term.text for term in important_terms(job_description) if term.keys <= present]


def missing_terms(job_description: str, shown: str, excluded: str = "") -> list[str]:
    present = set(tokens(shown)) | set(tokens(excluded))
    missing = [term.text for term in important_terms(job_description) if not term.keys <= present]
    return missing[:MOST_GAPS]


def _named_phrases(text: str) -> Iterator[str]:
    for line in text.splitlines():
        for sentence in SENTENCE_END.split(line.strip(" \t-*•")):
            words = WORD.findall(sentence)
            for start, run in _named_runs(words):
                if start == 0 or words[start - 1].lower() not in EMPLOYER_CUES:
                    yield " ".join(word.strip(EDGE_PUNCTUATION) for word in run)


def _named_runs(words: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Adjacent named words, as one phrase; punctuation after a word ends its phrase."""
    run: list[str] = []
    for position, word in enumerate(words):
        if not _looks_named(word, sentence_start=position == 0):
            if run:
                yield position - len(run), run
            run = []
            continue
        run.append(word)
        if word[-1] in EDGE_PUNCTUATION:
            yield position + 1 - len(run), run
            run = []
    if run:
        yield len(words) - len(run), run


def _looks_named(word: str, *, sentence_start: bool) -> bool:
    letters = [char for char in word if char.isalpha()]
    if len(letters) < 2:
        return False
    acronym = sum(char.isupper() for char in letters) > 1
    return acronym or (letters[0].isupper() and not sentence_start)


def _keys(text: str) -> frozenset[str]:
    return frozenset(token for token in tokens(text) if token not in STOPWORDS)


def _wordlike(token: str) -> bool:
    return len(token) > 1 and any(char.isalpha() for char in token)


def _technical(token: str) -> bool:
    return any(not char.isalpha() for char in token) and any(char.isalpha() for char in token)


def _spellings(text: str) -> dict[str, str]:
    """The first capitalised spelling of each token, else its first spelling."""
    spelling: dict[str, str] = {}
    for raw in TOKEN.findall(text):
        key = fold(raw.lower())
        if key not in spelling or (spelling[key].islower() and not raw.islower()):
            spelling[key] = raw
    return spelling
