"""What a part of an entry's heading is: a job title, an employer, a degree, a school."""

import re

from cvimprover.adapters.documents.cv_reading.words import plain, words

ROLE_WORDS = frozenset((
    "engineer", "developer", "programmer", "architect", "manager", "director", "lead",
    "head", "analyst", "scientist", "designer", "consultant", "specialist", "administrator",
    "coordinator", "officer", "accountant", "nurse", "teacher", "assistant", "intern",
    "technician", "researcher", "writer", "editor", "executive", "associate",
    "representative", "adviser", "advisor", "strategist", "founder", "cofounder",
    "co-founder", "supervisor", "recruiter", "marketer", "owner", "student", "trainee",
    "apprentice", "freelancer", "freelance", "cto", "ceo", "cfo", "coo", "vp", "president",
    "partner", "chef", "clerk", "agent", "planner", "buyer", "controller", "auditor",
    "lawyer", "paralegal", "pharmacist", "physician", "doctor", "therapist", "tutor",
    "lecturer", "professor", "mentor", "operator", "mechanic", "electrician", "driver", "waiter",
    "cashier", "receptionist", "secretary", "salesperson", "fellow", "postdoc", "expert",
    # de (also the endings of compounds: Softwareentwickler, Projektleiterin)
    "entwickler", "ingenieur", "leiter", "berater", "referent", "sachbearbeiter",
    "werkstudent", "praktikant", "architekt", "kaufmann", "kauffrau", "mitarbeiter",
    "spezialist", "techniker", "geschäftsführer", "assistent", "lehrer", "pfleger",
    "pflegefachkraft", "fachkraft", "verkäufer", "informatiker", "wissenschaftler",
    "gestalter", "redakteur", "betreuer", "koordinator", "trainer", "dozent", "inhaber",
    "gründer", "leitung", "elektriker", "mechaniker", "monteur", "erzieher", "arzt",
    "ärztin", "auszubildender", "azubi", "mentorin", "werkstudentin", "praktikantin",
    # fr
    "ingénieur", "ingénieure", "développeur", "développeuse", "responsable", "directeur",
    "directrice", "chargé", "chargée", "analyste", "stagiaire", "technicien",
    "technicienne", "architecte", "comptable", "assistante", "gestionnaire", "commercial",
    "commerciale", "infirmier", "infirmière", "chef", "cheffe", "conseiller", "conseillère",
    "enseignant", "enseignante", "vendeur", "vendeuse", "alternant", "alternante",
    "apprenti", "apprentie", "fondateur", "fondatrice", "rédacteur", "rédactrice",
    "chercheur", "chercheuse", "juriste", "avocat", "avocate", "consultante",
    # es
    "ingeniero", "ingeniera", "desarrollador", "desarrolladora", "jefe", "jefa",
    "gerente", "consultor", "consultora", "analista", "técnico", "técnica", "arquitecto",
    "arquitecta", "becario", "becaria", "practicante", "coordinador", "coordinadora",
    "administrativo", "administrativa", "programador", "programadora", "enfermero",
    "enfermera", "contable", "contador", "contadora", "asistente", "especialista",
    "profesor", "profesora", "diseñador", "diseñadora", "investigador", "investigadora",
    "vendedor", "vendedora", "fundador", "fundadora", "abogado", "abogada", "auxiliar",
    "encargado", "encargada", "dependiente", "camarero", "camarera", "redactor",
))  # fmt: skip
_PLAIN_ROLES = frozenset(plain(word) for word in ROLE_WORDS)
_COMPOUND_ENDINGS = tuple(plain(word) for word in (
    "entwickler", "entwicklerin", "ingenieur", "ingenieurin", "leiter", "leiterin",
    "berater", "beraterin", "manager", "managerin", "referent", "referentin", "architekt",
    "architektin", "kaufmann", "kauffrau", "mitarbeiter", "mitarbeiterin", "techniker",
    "technikerin", "assistent", "assistentin", "spezialist", "spezialistin", "analyst",
    "analystin", "designer", "designerin", "consultant", "werkstudent", "werkstudentin",
    "praktikant", "praktikantin", "lehrer", "lehrerin", "pfleger", "pflegerin",
    "informatiker", "informatikerin", "fachkraft", "engineer", "developer", "koordinator",
    "koordinatorin", "redakteur", "redakteurin", "trainer", "trainerin",
))  # fmt: skip
LEGAL_FORM = re.compile(
    r"(?:^|\s)(?:AG|SE|KG|OHG|UG|GbR|mbH|SA|SAS|SARL|SL|SLU|BV|NV|AB|AS|Oy|SpA|PLC|LLC|LLP|"
    r"(?i:gmbh|e\.\s?v\.|inc\.?|ltd\.?|plc|corp\.?|corporation|co\.|s\.a\.|s\.l\.|"
    r"s\.a\.u\.|b\.v\.|s\.p\.a\.|s\.a\.s\.))(?=$|[\s,)])"
)
COMPANY_WORDS = re.compile(
    r"(?i)(?<![\w])(?:company|group|gruppe|groupe|grupo|holding|labs|studio|agency|agentur|"
    r"bank|technologies|solutions|systems|software|consulting|services|partners)(?![\w])"
)
DEGREE = re.compile(
    r"(?i)(?<![\w])(?:b\.?\s?sc\.?|m\.?\s?sc\.?|b\.?\s?a\.?|m\.?\s?a\.?|b\.?\s?eng\.?|"
    r"m\.?\s?eng\.?|b\.?\s?s\.|m\.?\s?s\.|ph\.?\s?d\.?|dr\.|mba|msc|bsc|llb|llm|"
    r"bachelor(?:'?s)?(?:\s+of\s+(?:science|arts|engineering|laws|business administration))?|"
    r"master(?:'?s)?(?:\s+of\s+(?:science|arts|engineering|laws|business administration))?|"
    r"doctorate|diploma|diplom(?:-\w+)?|abitur|fachabitur|staatsexamen|magister|promotion|"
    r"ausbildung|licence|master|doctorat|bts|dut|baccalauréat|bac(?:\s?\+\s?\d)?|"
    r"diplôme(?:\s+d['’]ingénieur)?|grado|licenciatura|licenciado|máster|doctorado|"
    r"bachillerato|título|ingeniería técnica|a-levels?|gcses?|high school diploma|certificate|"
    r"zertifikat|certificat|certificado)(?![\w])"
)
INSTITUTION = re.compile(
    r"(?i)(?<![\w])(?:universit\w*|hochschule|fachhochschule|college|school|institut\w*|"
    r"academy|akademie|école|ecole|escuela|lycée|gymnasium|realschule|gesamtschule|"
    r"berufsschule|iut|insa|tu|th|eth|epfl|kit|rwth|lmu|ies|uned|upm|uc3m|polytechnique|"
    r"politécnica|conservatoire|conservatorio|campus|sorbonne|bootcamp)(?![\w])"
)


def is_role(text: str) -> bool:
    """Says what a person was: "Senior Backend Engineer", "Softwareentwicklerin"."""
    found = words(text)
    if any(word in _PLAIN_ROLES for word in found):
        return True
    return any(word.endswith(_COMPOUND_ENDINGS) and len(word) > 9 for word in found)


def has_legal_form(text: str) -> bool:
    """Names a company by its legal form: "Acme GmbH", "Beta Ltd", "Gamma S.L."."""
    return bool(LEGAL_FORM.search(text))


def is_company(text: str) -> bool:
    return has_legal_form(text) or bool(COMPANY_WORDS.search(text))
