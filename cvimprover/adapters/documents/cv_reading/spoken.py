"""Languages a person speaks, with how well: "Deutsch (Muttersprache)", "English - C1",
"Français : courant", a sidebar's "Español" above "Nativo"."""

import re

from cvimprover.adapters.documents.cv_reading.lines import Line
from cvimprover.adapters.documents.cv_reading.words import key
from cvimprover.core.cvs.resume import Language

FLUENCIES = frozenset(key(word) for word in (
    "native", "native speaker", "mother tongue", "fluent", "business fluent", "proficient",
    "advanced", "intermediate", "basic", "basics", "beginner", "conversational", "bilingual",
    "elementary", "professional working proficiency", "full professional proficiency",
    "muttersprache", "fließend", "verhandlungssicher", "sehr gut", "gut", "grundkenntnisse",
    "fortgeschritten", "konversationssicher", "langue maternelle", "maternelle", "courant",
    "bilingue", "bon niveau", "notions", "intermédiaire", "avancé", "débutant", "nativo",
    "nativa", "lengua materna", "bilingüe", "fluido", "avanzado", "intermedio", "básico",
    "alto", "medio",
))  # fmt: skip
CEFR = re.compile(r"\b[ABC][12]\b(?:\s*[/-]\s*[ABC][12])?")
PAIR = re.compile(
    r"^(?P<language>[^\W\d_][\w'’ -]*?)\s*(?:\((?P<bracketed>[^()]+)\)|[:–—-]\s*(?P<after>.+)"
    r"|\s+(?P<level>[ABC][12]\b.*))$"
)
LANGUAGE_NAMES = frozenset(key(name) for name in (
    "english", "german", "french", "spanish", "italian", "portuguese", "dutch", "polish",
    "russian", "chinese", "mandarin", "cantonese", "japanese", "korean", "arabic", "turkish",
    "swedish", "danish", "norwegian", "finnish", "greek", "czech", "hungarian", "romanian",
    "ukrainian", "hindi", "catalan", "basque", "galician", "hebrew",
    "englisch", "deutsch", "französisch", "spanisch", "italienisch", "portugiesisch",
    "niederländisch", "polnisch", "russisch", "chinesisch", "japanisch", "arabisch", "türkisch",
    "anglais", "allemand", "français", "espagnol", "italien", "portugais", "néerlandais",
    "polonais", "russe", "chinois", "japonais", "arabe", "turc", "catalan",
    "inglés", "alemán", "francés", "español", "castellano", "italiano", "portugués",
    "neerlandés", "polaco", "ruso", "chino", "japonés", "árabe", "turco", "catalán",
    "euskera", "gallego", "valenciano",
))  # fmt: skip


def is_fluency(text: str) -> bool:
    return key(text) in FLUENCIES or bool(CEFR.fullmatch(text.strip(" ()")))


def is_language_name(text: str) -> bool:
    return key(text) in LANGUAGE_NAMES


def languages_of(lines: list[Line]) -> list[Language]:
    languages: list[Language] = []
    for line in lines:
        items = [item.strip() for item in re.split(r"\s*[,;•·|]\s*", line.text) if item.strip()]
        if len(line.cells) == 2 and is_fluency(line.cells[1]):
            items = [f"{line.cells[0]} ({line.cells[1]})"]
        for item in items:
            if languages and "fluency" not in languages[-1] and is_fluency(item):
                languages[-1]["fluency"] = item  # the level on the line below its language
            else:
                languages.append(language_of(item))
    return languages


def language_of(item: str) -> Language:
    pair = PAIR.match(item)
    if pair is None:
        return {"language": item}
    fluency = (pair["bracketed"] or pair["after"] or pair["level"]).strip()
    if is_language_name(pair["language"]) or is_fluency(fluency):
        return {"language": pair["language"].strip(), "fluency": fluency}
    return {"language": item}
