"""Whether a line of a CV is its owner's name, in the ways four languages write one."""

from cvimprover.core.cvs import personal_details as pd

PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "la", "le", "du",
                       "da", "di", "dos", "das", "y", "zu", "ten", "ter", "bin", "al"})  # fmt: skip
TITLES = frozenset({"dr.", "prof.", "dipl.-ing.", "dipl.", "mag.", "ing.", "mr.", "mrs.",
                    "ms.", "m.", "mme", "mme.", "sr.", "sra.", "d.", "dña."})  # fmt: skip


def person_name(text: str) -> str | None:
    """The name, as a heading writes it ("JANE DOE" becomes "Jane Doe"), when the text
    is two to five capitalised words that are neither a heading nor a job title."""
    words = text.strip(" #*_").split()
    while words and words[0].lower() in TITLES:
        words = words[1:]
    capitalised = [word for word in words if _capitalised(word)]
    if not 2 <= len(words) <= 5 or len(capitalised) < 2:
        return None
    if any(not _capitalised(w) and w.lower() not in PARTICLES for w in words):
        return None
    name = " ".join(words)
    if pd.heading_kind(name) or pd.ROLE.search(name) or name.lower() in pd.DOCUMENT_TITLES:
        return None
    return name.title() if name.isupper() else name


def _capitalised(word: str) -> bool:
    letters = word.replace("-", "").replace("'", "").replace("\u2019", "").rstrip(".")
    return bool(letters) and letters.isalpha() and word[0].isupper()
