"""The headings CVs open their sections with, in English, German, French and Spanish, and
the JSON Resume section each one fills. A heading is compared by its letters only
(`words.key`), so "Work Experience:", "WORK EXPERIENCE" and "W O R K  E X P E R I E N C E"
are one heading."""

from cvimprover.adapters.documents.cv_reading.words import key

SUMMARY, WORK, EDUCATION, SKILLS = "summary", "work", "education", "skills"
CERTIFICATES, LANGUAGES, PROJECTS, VOLUNTEER = "certificates", "languages", "projects", "volunteer"
AWARDS, PUBLICATIONS, INTERESTS = "awards", "publications", "interests"
REFERENCES, CONTACT = "references", "contact"
ENTRY_SECTIONS = frozenset({WORK, EDUCATION, PROJECTS, VOLUNTEER})
"""Sections made of entries: a heading line with dates, then bullets."""

HEADINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        SUMMARY: ("summary", "profile", "professional summary", "personal profile",
                  "career summary", "about", "about me", "objective", "career objective",
                  "personal statement", "overview", "professional profile", "executive summary"),
        WORK: ("experience", "work experience", "professional experience", "employment",
               "employment history", "work history", "career history", "relevant experience",
               "career", "professional background", "experience and employment"),
        EDUCATION: ("education", "academic background", "qualifications",
                    "education and training", "academic qualifications", "studies"),
        SKILLS: ("skills", "technical skills", "core skills", "key skills", "competencies",
                 "core competencies", "technologies", "skills and tools", "tech stack",
                 "expertise", "areas of expertise", "it skills", "skills and competencies",
                 "technical expertise", "tools"),
        CERTIFICATES: ("certifications", "certificates", "licenses", "licences",
                       "licenses and certifications", "certifications and licenses",
                       "courses", "training", "courses and certifications"),
        LANGUAGES: ("languages", "spoken languages", "language skills"),
        PROJECTS: ("projects", "personal projects", "key projects", "selected projects",
                   "side projects", "open source"),
        VOLUNTEER: ("volunteering", "volunteer experience", "volunteer work"),
        AWARDS: ("awards", "honours", "honors", "achievements", "awards and honours",
                 "awards and honors"),
        PUBLICATIONS: ("publications",),
        INTERESTS: ("interests", "hobbies", "hobbies and interests"),
        REFERENCES: ("references",),
        CONTACT: ("contact", "contact details", "contact information", "personal details",
                  "personal information", "personal data"),
    },
    "de": {
        SUMMARY: ("profil", "kurzprofil", "über mich", "zusammenfassung", "berufsprofil",
                  "persönliches profil"),
        WORK: ("berufserfahrung", "beruflicher werdegang", "berufliche erfahrung",
               "werdegang", "berufspraxis", "beruflicher hintergrund", "erfahrung",
               "praxiserfahrung", "berufliche stationen"),
        EDUCATION: ("ausbildung", "bildung", "bildungsweg", "studium", "schulbildung",
                    "akademischer werdegang", "ausbildung und studium", "schulische ausbildung"),
        SKILLS: ("kenntnisse", "fähigkeiten", "fachkenntnisse", "it-kenntnisse", "kompetenzen",
                 "fachliche kompetenzen", "edv-kenntnisse", "technische kenntnisse",
                 "fähigkeiten und kenntnisse", "kenntnisse und fähigkeiten", "schwerpunkte"),
        CERTIFICATES: ("zertifikate", "zertifizierungen", "weiterbildung", "weiterbildungen",
                       "fortbildungen", "lizenzen", "zertifikate und weiterbildungen"),
        LANGUAGES: ("sprachen", "sprachkenntnisse", "fremdsprachen"),
        PROJECTS: ("projekte", "ausgewählte projekte", "projekterfahrung"),
        VOLUNTEER: ("ehrenamt", "ehrenamtliches engagement", "soziales engagement"),
        AWARDS: ("auszeichnungen", "preise", "erfolge"),
        PUBLICATIONS: ("publikationen", "veröffentlichungen"),
        INTERESTS: ("interessen", "hobbys", "freizeit", "hobbys und interessen"),
        REFERENCES: ("referenzen",),
        CONTACT: ("kontakt", "kontaktdaten", "persönliche daten", "persönliche angaben",
                  "angaben zur person"),
    },
    "fr": {
        SUMMARY: ("profil", "résumé", "à propos", "à propos de moi", "profil professionnel",
                  "objectif", "synthèse", "présentation"),
        WORK: ("expérience", "expériences", "expérience professionnelle",
               "expériences professionnelles", "parcours professionnel", "emplois"),
        EDUCATION: ("formation", "formations", "études", "éducation", "parcours académique",
                    "diplômes", "formation académique", "cursus"),
        SKILLS: ("compétences", "compétences techniques", "savoir-faire", "compétences clés",
                 "outils"),
        CERTIFICATES: ("certifications", "certificats", "formation continue"),
        LANGUAGES: ("langues", "compétences linguistiques"),
        PROJECTS: ("projets", "projets personnels"),
        VOLUNTEER: ("bénévolat", "engagement associatif", "vie associative"),
        AWARDS: ("prix", "distinctions", "récompenses"),
        PUBLICATIONS: ("publications",),
        INTERESTS: ("centres d'intérêt", "centres d'intérêts", "loisirs", "intérêts",
                    "passions"),
        REFERENCES: ("références",),
        CONTACT: ("coordonnées", "informations personnelles"),
    },
    "es": {
        SUMMARY: ("perfil", "resumen", "perfil profesional", "sobre mí", "acerca de mí",
                  "objetivo", "extracto", "resumen profesional"),
        WORK: ("experiencia", "experiencia laboral", "experiencia profesional",
               "trayectoria profesional", "historial laboral"),
        EDUCATION: ("educación", "formación", "formación académica", "estudios",
                    "titulación", "formación reglada"),
        SKILLS: ("habilidades", "aptitudes", "competencias", "conocimientos",
                 "habilidades técnicas", "conocimientos técnicos", "competencias técnicas",
                 "herramientas"),
        CERTIFICATES: ("certificaciones", "certificados", "cursos", "formación complementaria"),
        LANGUAGES: ("idiomas", "lenguas"),
        PROJECTS: ("proyectos",),
        VOLUNTEER: ("voluntariado",),
        AWARDS: ("premios", "reconocimientos", "logros"),
        PUBLICATIONS: ("publicaciones",),
        INTERESTS: ("intereses", "aficiones"),
        REFERENCES: ("referencias",),
        CONTACT: ("contacto", "datos personales", "datos de contacto", "información personal"),
    },
}  # fmt: skip

SECTION_OF: dict[str, str] = {
    key(heading): section
    for by_section in HEADINGS.values()
    for section, headings in by_section.items()
    for heading in headings
}
LANGUAGES_OF: dict[str, set[str]] = {}
for _language, _by_section in HEADINGS.items():
    for _headings in _by_section.values():
        for _heading in _headings:
            LANGUAGES_OF.setdefault(key(_heading), set()).add(_language)


def section_of(text: str) -> str | None:
    """The section a heading opens, or None when the text is no heading we know."""
    return SECTION_OF.get(key(text.lstrip("#"))) if len(text) <= 60 else None
