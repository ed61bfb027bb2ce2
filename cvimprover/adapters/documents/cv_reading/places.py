"""Where a person lives or a job was: "Berlin, Germany", "10115 Berlin",
"Calle Mayor 12, 28013 Madrid", "San Francisco, CA", "Remote"."""

import re

from cvimprover.adapters.documents.cv_reading.words import key, plain
from cvimprover.core.cvs.resume import Location

COUNTRIES: dict[str, tuple[str, ...]] = {
    "DE": ("germany", "deutschland", "allemagne", "alemania"),
    "AT": ("austria", "österreich", "autriche"),
    "CH": ("switzerland", "schweiz", "suisse", "suiza"),
    "FR": ("france", "frankreich", "francia"),
    "BE": ("belgium", "belgien", "belgique", "bélgica"),
    "LU": ("luxembourg", "luxemburg", "luxemburgo"),
    "ES": ("spain", "spanien", "espagne", "españa"),
    "PT": ("portugal",),
    "IT": ("italy", "italien", "italie", "italia"),
    "NL": ("netherlands", "the netherlands", "niederlande", "pays-bas", "países bajos"),
    "GB": ("united kingdom", "uk", "england", "scotland", "wales", "großbritannien",
           "royaume-uni", "reino unido", "great britain"),
    "IE": ("ireland", "irland", "irlande", "irlanda"),
    "US": ("united states", "usa", "us", "u.s.", "vereinigte staaten", "états-unis",
           "estados unidos"),
    "CA": ("canada", "kanada", "canadá"),
    "MX": ("mexico", "méxico", "mexiko", "mexique"),
    "AR": ("argentina", "argentinien", "argentine"),
    "CO": ("colombia", "kolumbien", "colombie"),
    "CL": ("chile", "chili"),
    "PL": ("poland", "polen", "pologne", "polonia"),
    "SE": ("sweden", "schweden", "suède", "suecia"),
    "DK": ("denmark", "dänemark", "danemark", "dinamarca"),
    "AU": ("australia", "australien", "australie"),
    "IN": ("india", "indien", "inde"),
}  # fmt: skip
COUNTRY_OF = {key(name): code for code, names in COUNTRIES.items() for name in names}
CITIES = frozenset(key(city) for city in (
    "Berlin", "Hamburg", "München", "Munich", "Köln", "Cologne", "Frankfurt",
    "Frankfurt am Main", "Stuttgart", "Düsseldorf", "Leipzig", "Dresden", "Hannover",
    "Nürnberg", "Bremen", "Karlsruhe", "Mannheim", "Bonn", "Wien", "Vienna", "Zürich",
    "Zurich", "Basel", "Genf", "Genève", "Geneva", "Paris", "Lyon", "Marseille", "Toulouse",
    "Bordeaux", "Lille", "Nantes", "Strasbourg", "Nice", "Montpellier", "Rennes",
    "Grenoble", "Bruxelles", "Brussels", "Madrid", "Barcelona", "Valencia", "Sevilla",
    "Seville", "Bilbao", "Málaga", "Zaragoza", "Lisboa", "Lisbon", "London", "Manchester",
    "Edinburgh", "Birmingham", "Bristol", "Leeds", "Glasgow", "Cambridge", "Oxford",
    "Dublin", "Amsterdam", "Rotterdam", "New York", "San Francisco", "Boston", "Seattle",
    "Chicago", "Austin", "Los Angeles", "Toronto", "Montreal", "Montréal", "Vancouver",
    "Mexico City", "Ciudad de México", "Buenos Aires", "Bogotá", "Santiago", "Lima",
    "Milano", "Milan", "Rome", "Roma", "Stockholm", "Copenhagen", "Warsaw", "Sydney",
))  # fmt: skip
REMOTE = frozenset(key(word) for word in (
    "remote", "fully remote", "homeoffice", "home office", "remote work", "télétravail",
    "à distance", "remoto", "en remoto", "teletrabajo", "hybrid", "hybride", "híbrido",
))  # fmt: skip
US_STATE = re.compile(r"^[A-Z]{2}$")
REGIONS = frozenset(key(region) for region in (
    "California", "Texas", "New York", "Washington", "Massachusetts", "Illinois", "Florida",
    "Colorado", "Oregon", "Georgia", "Pennsylvania", "Ohio", "Michigan", "Virginia",
    "North Carolina", "New Jersey", "Arizona", "Minnesota", "Utah", "Ontario", "Quebec",
    "Québec", "British Columbia", "Alberta", "Bayern", "Bavaria", "Hessen", "Hesse",
    "Nordrhein-Westfalen", "NRW", "Baden-Württemberg", "Sachsen", "Niedersachsen",
    "Brandenburg", "Île-de-France", "Auvergne-Rhône-Alpes", "Occitanie", "Bretagne",
    "Normandie", "Provence-Alpes-Côte d'Azur", "Cataluña", "Catalunya", "Catalonia",
    "Andalucía", "Comunidad de Madrid", "País Vasco", "Galicia", "Scotland", "Wales",
))  # fmt: skip
ADDRESS = re.compile(
    r"^(?:(?P<address>[^,]+?),\s*)?(?P<postal>\d{4,5}|[A-Z]{1,2}\d[\dA-Z]?\s?\d[A-Z]{2})\s+"
    r"(?P<city>[^\d,]+?)(?:,\s*(?P<country>[^\d,]+))?$"
)
CITY_AND_MORE = re.compile(r"^(?P<city>[^\d,@/]+?)\s*[,(]\s*(?P<rest>[^\d,@/()]+?)\)?$")


def location_of(text: str) -> Location | None:
    """The place `text` names, or None when it is no place."""
    text = text.strip(" .;")
    address = ADDRESS.match(text)
    if address:
        place: Location = {"postalCode": address["postal"], "city": address["city"].strip()}
        if address["address"]:
            place = {"address": address["address"].strip(), **place}
        return _with_country(place, address["country"])
    if key(text) in CITIES or key(text) in COUNTRY_OF:
        return {"city": text} if key(text) in CITIES else {"countryCode": COUNTRY_OF[key(text)]}
    more = CITY_AND_MORE.match(text)
    if more and len(more["city"].split()) <= 3:
        rest = more["rest"].strip()
        if key(rest) in COUNTRY_OF:
            return {"city": more["city"].strip(), "countryCode": COUNTRY_OF[key(rest)]}
        known = key(more["city"]) in CITIES or key(rest) in REGIONS or key(rest) in REMOTE
        if US_STATE.match(rest) or known:
            return {"city": more["city"].strip(), "region": rest}
    return None


def is_place(text: str) -> bool:
    return key(text) in REMOTE or location_of(text) is not None


def country_in(text: str) -> str | None:
    """The first country a text names, by its name in English, German, French or Spanish."""
    for word in re.split(r"[,|•·()\t]", text):
        code = COUNTRY_OF.get(key(word))
        if code and plain(word).strip() not in ("us",):
            return code
    return None


def _with_country(place: Location, country: str | None) -> Location:
    code = COUNTRY_OF.get(key(country)) if country else None
    if code:
        return {**place, "countryCode": code}
    return {**place, "region": country.strip()} if country else place
