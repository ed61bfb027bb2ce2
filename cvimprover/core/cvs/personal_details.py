"""How CVs in English, German, French and Spanish write their owner's personal details:
the labels in front of them, street addresses, postcodes, and the headings around them."""

import re

LABELS: dict[str, tuple[str, ...]] = {
    "name": ("name", "vorname", "nachname", "nom", "prénom", "nombre", "apellidos"),
    "phone": ("tel", "tel.", "tél", "tél.", "telefon", "telephone", "téléphone", "teléfono",
              "telf", "telf.", "phone", "mobile", "mobil", "handy", "cell", "portable",
              "móvil", "movil", "fax", "whatsapp", "mob", "mob."),
    "email": ("e-mail", "email", "mail", "courriel", "correo", "correo electrónico"),
    "address": ("address", "adresse", "anschrift", "wohnort", "dirección", "direccion",
                "domicile", "domicilio", "home"),
    "birth": ("date of birth", "dob", "d.o.b", "d.o.b.", "birth date", "birthdate", "born",
              "geburtsdatum", "geboren", "geboren am", "geb.", "date de naissance",
              "né le", "née le", "né(e) le", "fecha de nacimiento", "nacido el",
              "nacida el", "nacimiento", "geburtstag"),
    "birthplace": ("place of birth", "geburtsort", "lieu de naissance",
                   "lugar de nacimiento"),
    "nationality": ("nationality", "citizenship", "staatsangehörigkeit", "nationalität",
                    "nationalité", "nacionalidad"),
    "marital": ("marital status", "familienstand", "situation familiale", "état civil",
                "estado civil", "kinder", "children", "enfants", "hijos"),
    "profile": ("linkedin", "github", "xing", "website", "web", "homepage", "portfolio",
                "site web", "sitio web", "blog"),
}  # fmt: skip
LABEL_KIND = {label: kind for kind, labels in LABELS.items() for label in labels}
_LABEL_WORDS = "|".join(re.escape(label) for label in sorted(LABEL_KIND, key=len, reverse=True))
LABELLED = re.compile(
    rf"(?i)^\s*({_LABEL_WORDS})(?![\w]|\.\w)\s*(?:\([^)]*\))?\s*([:.\-]?)\s*(.*)$"
)
"""A label and its value: "Tel.: 0171/2345678", "Geburtsdatum: 2. Mai 1988"."""

# A label that is also an ordinary word ("born out of a hackathon", "home office") is
# personal only when what follows it reads as a date, a place or a value after a colon.
WORD_LABELS = frozenset({"born", "geboren", "home", "web", "mail", "name", "kinder",
                         "children", "enfants", "hijos", "blog", "portfolio", "mobile",
                         "nacimiento"})  # fmt: skip
MONTHS = (
    r"jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|m[aä]r(?:ch|z|s)?|apr(?:il)?|"
    r"avr(?:il)?|ma[iy]|june?|juni|juin|jul(?:y|i)?|juil(?:let)?|aug(?:ust)?|ao[uû]t|"
    r"sep(?:t(?:ember|embre)?)?|o[ck]t(?:ober|obre)?|nov(?:ember|embre)?|de[cz](?:ember)?|"
    r"d[ée]c(?:embre)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"octubre|noviembre|diciembre"
)
MONTHS_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})|\d{{1,2}}\.?\s*(?:de\s+)?"
    rf"(?:{MONTHS})\.?\s*(?:de\s+)?\d{{2,4}}|(?:{MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|"
    rf"(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})\b"
)
DATE = re.compile(rf"(?i)\b{MONTHS_DATE}")
"""A calendar date: 02.05.88, 2. Mai 1988, 2 de mayo de 1988, May 2, 1988, 1988-05-02."""

_STREET = (
    r"(?:\b[A-ZÄÖÜ][\w\u00c0-\u024f.-]*(?:stra(?:ss|ß)e|str\.|weg|gasse|allee|platz|damm|"
    r"ufer|chaussee)\s+\d{1,4}\s?[a-z]?\b)"  # Hauptstraße 12, Lindenweg 3a
    r"|(?:\b(?:[A-ZÄÖÜ][\w\u00c0-\u024f-]+\s)+(?:Stra(?:ss|ß)e|Str\.|Weg|Gasse|Allee|Platz|"
    r"Ring)\s+\d{1,4}\s?[a-z]?\b)"  # Berliner Straße 5, Kaiser Ring 3
    r"|(?:\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'\u00c0-\u024f-]*\s+){1,3}"
    r"(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Close|Way|Court|Ct\.?|"
    r"Place|Square|Terrace|Crescent|Gardens|Grove|Mews|Boulevard|Blvd\.?|Row|Hill)(?![\w]))"
    r"|(?:\b\d{1,4}\s?(?:bis|ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|all[ée]e|"
    r"impasse|chemin|quai|cours|route|passage)\s+(?:(?:de|du|des)\s|d')?(?:la\s|les\s|l')?"
    r"[A-ZÀ-Ý][\w\u00c0-\u024f'-]*(?:\s[A-ZÀ-Ý][\w\u00c0-\u024f'-]*)*)"  # 12 rue de la Paix
    r"|(?:\b(?:[Cc]alle|C/|[Aa]venida|Avda\.?|Av\.|[Pp]laza|Pza\.?|[Pp]aseo|[Cc]amino|"
    r"[Cc]arrer|[Rr]onda|[Tt]raves[ií]a|[Gg]lorieta)\s+(?:de\s(?:la\s|los\s|las\s)?|del\s)?"
    r"[A-ZÀ-Ý][\w\u00c0-\u024f'.-]*(?:\s[A-ZÀ-Ý][\w\u00c0-\u024f'.-]*)*,?\s+(?:n[ºo°]\.?\s*)?"
    r"\d{1,4}\b(?:,?\s*\d{1,2}\s*[ºª°]\s*[A-Z]?)?)"  # Calle Mayor 5, C/ Alcalá 20, 3º B
)
_POSTCODE_CITY = (
    r"(?:\b(?:[A-Z]{1,2}-)?(?!(?:19|20)\d{2}\b)\d{4,5}\s+[A-ZÄÖÜÉÈ][\w\u00c0-\u024f'-]+"
    r"(?:[ -][A-ZÄÖÜÉÈ][\w\u00c0-\u024f'-]+)?)"  # 10115 Berlin, F-75002 Paris, 1010 Wien
    r"|(?:\b(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s)?[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b)"  # NW1 6XE
    r"|(?:\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s[A-Z]{2}\s\d{5}(?:-\d{4})?\b)"  # Austin, TX 78701
)
STREET = re.compile(_STREET)
"""A street and its house number, as the four languages write them."""
POSTCODE_CITY = re.compile(_POSTCODE_CITY)
"""A postcode with its town: 10115 Berlin, F-75002 Paris, 28013 Madrid, NW1 6XE."""
STREET_AND_TOWN = re.compile(rf"(?:{_STREET})(?:,?\s*(?:{_POSTCODE_CITY}))?(?:,\s*[A-Z][a-z]+)?")
_BIRTH_LABEL = (
    r"geb\.|geboren(?:\s+am)?|born(?:\s+on)?|n[ée]e?(?:\(e\))?\s+le|nacid[oa]\s+el|"
    r"date\s+of\s+birth|d\.?o\.?b\.?|geburtsdatum|date\s+de\s+naissance|fecha\s+de\s+nacimiento"
)
BIRTH_INLINE = re.compile(
    rf"(?i)(?<![\w])(?:{_BIRTH_LABEL})\s*[:\-]?\s*(?:{MONTHS_DATE})"
    r"(?:\s+(?:in|à|a|en)\s+[A-ZÀ-Ý][\w\u00c0-\u024f-]+)?"
)
"""A birth date inside a sentence: "Max Mustermann, geb. 02.05.88 in Köln"."""
ROLE = re.compile(
    r"(?i)\b(?:engineer|developer|programmer|architect|manager|director|lead|head|analyst|"
    r"scientist|designer|consultant|specialist|administrator|officer|accountant|nurse|"
    r"teacher|assistant|intern|technician|researcher|writer|editor|executive|owner|"
    r"senior|junior|founder|ingenieur(?:in)?|entwickler(?:in)?|leiter(?:in)?|berater(?:in)?|"
    r"kauffrau|kaufmann|referent(?:in)?|ingénieure?|développeu(?:r|se)|chef|responsable|"
    r"directeur|directrice|consultante?|ingeniera?|desarrollador(?:a)?|jef[ea]|"
    r"director(?:a)?|consultor(?:a)?|analista|gerente)\b"
)
"""Words of a job title, which a name or a place never is."""


def town(postcode_and_town: str) -> str:
    """The town of "10115 Berlin", "F-75002 Paris" or "Austin, TX 78701"."""
    words = [word for word in postcode_and_town.replace(",", " ").split() if not _code(word)]
    return " ".join(words)


def _code(word: str) -> bool:
    return any(char.isdigit() for char in word) or (word.isupper() and len(word) <= 2)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PROFILE_URL = re.compile(
    r"(?i)\b(?:https?://)?(?:[\w-]+\.)?(?:linkedin\.com/(?:in|pub)/|xing\.com/profile/|"
    r"wa\.me/|t\.me/)\S+"
)
URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|de|fr|es|io|dev|me|net|org)/\S*")
PHOTO = re.compile(
    r"(?i)^\[?\s*(?:photo|foto|bild|bewerbungsfoto|profile (?:photo|picture)|picture|"
    r"photo d'identit[ée]|fotograf[ií]a|passfoto)\s*\]?$"
)
DOCUMENT_TITLES = frozenset({"cv", "resume", "résumé", "curriculum vitae", "lebenslauf",
                             "currículum", "curriculum", "currículum vitae", "hoja de vida",
                             "tabellarischer lebenslauf"})  # fmt: skip

ENTRY_HEADINGS = frozenset({
    "experience", "work experience", "professional experience", "employment",
    "employment history", "work history", "career history", "relevant experience",
    "projects", "education", "qualifications", "volunteering", "volunteer experience",
    "berufserfahrung", "berufliche erfahrung", "beruflicher werdegang", "werdegang",
    "praxiserfahrung", "erfahrung", "projekte", "ausbildung", "bildung", "bildungsweg",
    "studium", "schulbildung", "weiterbildung", "expérience", "expériences",
    "expérience professionnelle", "expériences professionnelles", "parcours professionnel",
    "projets", "formation", "formations", "études", "diplômes", "experiencia",
    "experiencia laboral", "experiencia profesional", "trayectoria profesional",
    "proyectos", "educación", "formación", "formación académica", "estudios",
})  # fmt: skip
"""Sections of dated entries, whose lines keep every year and number they state."""

PERSONAL_HEADINGS = frozenset({
    "personal details", "personal information", "personal data", "contact",
    "contact details", "contact information", "persönliche daten", "persönliche angaben",
    "kontakt", "kontaktdaten", "angaben zur person", "informations personnelles",
    "état civil", "coordonnées", "datos personales", "información personal", "contacto",
    "datos de contacto",
})  # fmt: skip
OTHER_HEADINGS = frozenset({
    "summary", "profile", "professional summary", "about", "about me", "objective",
    "skills", "technical skills", "key skills", "languages", "interests", "hobbies",
    "awards", "publications", "references", "certifications", "certificates", "training",
    "profil", "kurzprofil", "über mich", "zusammenfassung", "kenntnisse", "fähigkeiten",
    "kompetenzen", "sprachen", "sprachkenntnisse", "interessen", "hobbys", "zertifikate",
    "referenzen", "edv-kenntnisse", "résumé", "à propos", "compétences", "langues",
    "centres d'intérêt", "loisirs", "perfil", "perfil profesional", "resumen", "sobre mí",
    "habilidades", "competencias", "conocimientos", "idiomas", "intereses", "aficiones",
    "certificaciones",
})  # fmt: skip


def heading_kind(line: str) -> str | None:
    """ "entries", "personal" or "other" when the line is a section heading, else None."""
    words = " ".join(line.lower().replace("&", " and ").strip(" #:*_").split())
    if words in ENTRY_HEADINGS:
        return "entries"
    if words in PERSONAL_HEADINGS:
        return "personal"
    return "other" if words in OTHER_HEADINGS else None
