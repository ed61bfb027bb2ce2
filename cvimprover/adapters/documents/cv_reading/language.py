"""The language a CV is written in, among English, German, French and Spanish: by its
headings first, then by its commonest small words."""

from collections import Counter

from cvimprover.adapters.documents.cv_reading.headings import LANGUAGES_OF
from cvimprover.adapters.documents.cv_reading.words import key, words

SMALL_WORDS = {
    "en": ("the", "and", "of", "with", "for", "to", "in", "at", "on", "by", "from", "present"),
    "de": ("und", "der", "die", "das", "mit", "fur", "bei", "von", "im", "zur", "zum",
           "ein", "eine", "seit", "heute", "sowie"),
    "fr": ("et", "les", "des", "du", "pour", "avec", "dans", "chez", "une", "au", "aux",
           "sur", "aujourd"),
    "es": ("y", "los", "las", "el", "del", "para", "con", "una", "por", "actualidad",
           "como", "hasta"),
}  # fmt: skip
LANGUAGE_OF_WORD = {word: language for language, found in SMALL_WORDS.items() for word in found}


def language_of(headings: list[str], text: str) -> str:
    votes: Counter[str] = Counter()
    for heading in headings:
        shared_by = LANGUAGES_OF.get(key(heading), set())
        for language in shared_by:
            votes[language] += 6 // len(shared_by)
    for word in words(text):
        said_in = LANGUAGE_OF_WORD.get(word)
        if said_in:
            votes[said_in] += 1
    return votes.most_common(1)[0][0] if votes else "en"
