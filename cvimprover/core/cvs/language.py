"""The language a text is written in (English, German, French or Spanish), and the
countries whose phone numbers its writer likely gives."""

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to in for with at on as is was my our from by years "
                 "experience skills education work"),
    "de": _words("und der die das mit für von im bei als ist auf zu den des eine ein "
                 "jahre berufserfahrung kenntnisse ausbildung seit bis"),
    "fr": _words("et le la les des du de pour avec en au aux une un est dans sur "
                 "ans expérience compétences formation depuis"),
    "es": _words("y el la los las del de para con en una un es por al años "
                 "experiencia habilidades formación desde hasta"),
}  # fmt: skip
REGIONS = {"en": ("GB", "US", "IE"), "de": ("DE", "AT", "CH"), "fr": ("FR", "BE", "CH"),
           "es": ("ES",)}  # fmt: skip
PLACES = {
    "DE": ("germany", "deutschland", "berlin", "munich", "münchen", "hamburg", "köln",
           "cologne", "frankfurt", "stuttgart", "düsseldorf", "leipzig", "dresden"),
    "AT": ("austria", "österreich", "wien", "vienna", "graz", "linz", "salzburg"),
    "CH": ("switzerland", "schweiz", "suisse", "zürich", "zurich", "genève", "geneva",
           "basel", "bern", "lausanne"),
    "FR": ("france", "paris", "lyon", "marseille", "toulouse", "bordeaux", "lille",
           "nantes", "strasbourg"),
    "BE": ("belgium", "belgique", "belgië", "brussels", "bruxelles", "antwerp", "liège"),
    "ES": ("spain", "españa", "madrid", "barcelona", "valencia", "sevilla", "seville",
           "bilbao", "málaga", "zaragoza"),
    "GB": ("uk", "united kingdom", "england", "scotland", "wales", "london", "manchester",
           "birmingham", "leeds", "glasgow", "edinburgh", "bristol", "liverpool"),
    "IE": ("ireland", "dublin", "cork"),
    "US": ("usa", "united states", "new york", "san francisco", "chicago", "boston",
           "seattle", "austin", "los angeles"),
}  # fmt: skip
WORD = re.compile(r"[a-zäöüßàâçéèêëîïôûùñáíóú]+")


def guess_language(text: str) -> str:
    """ "en", "de", "fr" or "es": the one whose commonest words the text uses most."""
    words = WORD.findall(text.lower())
    counts = {lang: sum(word in common for word in words) for lang, common in WORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] else "en"


def likely_regions(text: str, location: str = "") -> tuple[str, ...]:
    """The countries whose national phone formats to read the text in, likeliest first:
    those the location names, then those speaking the text's language."""
    place = f" {' '.join(WORD.findall(location.lower()))} "
    named = [region for region, names in PLACES.items() if any(f" {n} " in place for n in names)]
    spoken = REGIONS[guess_language(text)]
    return tuple(dict.fromkeys([*named, *spoken]))
