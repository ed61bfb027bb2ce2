"""The words the offline improver writes itself (headings, the gaps' introduction, the
summary's sentences) in English, German, French and Spanish."""

from dataclasses import dataclass

HEADINGS: dict[str, dict[str, str]] = {
    "de": {"Summary": "Profil", "Experience": "Berufserfahrung", "Education": "Ausbildung",
           "Skills": "Kenntnisse", "Projects": "Projekte", "Certifications": "Zertifikate",
           "Languages": "Sprachen", "Awards": "Auszeichnungen", "Publications": "Publikationen",
           "Volunteering": "Ehrenamt", "Interests": "Interessen",
           "Gaps to address": "Noch zu belegen"},
    "fr": {"Summary": "Profil", "Experience": "Expérience professionnelle",
           "Education": "Formation", "Skills": "Compétences", "Projects": "Projets",
           "Certifications": "Certifications", "Languages": "Langues", "Awards": "Distinctions",
           "Publications": "Publications", "Volunteering": "Bénévolat",
           "Interests": "Centres d'intérêt", "Gaps to address": "Points à étayer"},
    "es": {"Summary": "Perfil", "Experience": "Experiencia profesional",
           "Education": "Formación", "Skills": "Habilidades", "Projects": "Proyectos",
           "Certifications": "Certificaciones", "Languages": "Idiomas", "Awards": "Premios",
           "Publications": "Publicaciones", "Volunteering": "Voluntariado",
           "Interests": "Intereses", "Gaps to address": "Aspectos por acreditar"},
}  # fmt: skip


@dataclass(frozen=True)
class SummaryWords:
    """The summary's sentences in one language, each a format with named fields."""

    title_and_years: str
    title_only: str
    years_only: str
    aim_only: str
    aim: str
    industry: str
    skilled: str
    years: str
    conjunction: str


SUMMARY_WORDS = {
    "en": SummaryWords("{title} with {years} of experience, aiming for {aim}.",
                       "{title} aiming for {aim}.", "{years} of experience, aiming for {aim}.",
                       "Aiming for {aim}.", "{article} {position} role{industry}", " in {0}",
                       "Skilled in {skills}.", "{count} years", "and"),
    "de": SummaryWords("{title} mit {years}n Berufserfahrung. Ziel: {aim}.",
                       "{title}. Ziel: {aim}.", "{years} Berufserfahrung. Ziel: {aim}.",
                       "Ziel: {aim}.", "eine Position als {position}{industry}", " ({0})",
                       "Kenntnisse: {skills}.", "{count} Jahre", "und"),
    "fr": SummaryWords("{title} avec {years} d'expérience. Objectif : {aim}.",
                       "{title}. Objectif : {aim}.", "{years} d'expérience. Objectif : {aim}.",
                       "Objectif : {aim}.", "un poste de {position}{industry}", " ({0})",
                       "Compétences : {skills}.", "{count} ans", "et"),
    "es": SummaryWords("{title} con {years} de experiencia. Objetivo: {aim}.",
                       "{title}. Objetivo: {aim}.", "{years} de experiencia. Objetivo: {aim}.",
                       "Objetivo: {aim}.", "un puesto de {position}{industry}", " ({0})",
                       "Habilidades: {skills}.", "{count} años", "y"),
}  # fmt: skip


def heading(title: str, language: str) -> str:
    """A heading the improver writes, in the language; the CV's own ones stay as written."""
    return HEADINGS.get(language, {}).get(title, title)
