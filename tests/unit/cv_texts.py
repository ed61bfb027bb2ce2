"""CVs as text, the way the PDF extractor gives them: one line per line, a right-aligned
date after a tab on its title's line, a two-column layout's sidebar read before its main
column, wrapped lines as they fell."""

ENGLISH_DATES_RIGHT = """\
JANE DOE
Senior Backend Engineer
jane.doe@example.com | +44 20 7946 0958 | London, United Kingdom
linkedin.com/in/janedoe | github.com/janedoe
S U M M A R Y
Backend engineer with seven years of experience building payment and logistics
services in Python and Go.
E X P E R I E N C E
Senior Software Engineer\tMar 2021 – Present
Acme Payments Ltd, London
• Led the rewrite of the settlement service, processing 1.2M
  transactions a day.
• Built an internal tool, born out of a hackathon in 2019, now used by 40 teams.
Software Engineer\tJan 2018 – Feb 2021
Parcelly GmbH, Berlin, Germany
• Built the route planning API used by 300 couriers a day.
• Cut deployment time from 2 hours to 10 minutes.
Junior Developer\t2016 – 2017
Brightlabs, Manchester
• Maintained the customer portal.
E D U C A T I O N
BSc Computer Science\t2013 – 2016
University of Manchester
First-class honours
S K I L L S
Languages: Python, Go, Bash. Frameworks: FastAPI, Django
Data: PostgreSQL, Redis, Kafka
Cloud: AWS (ECS, Lambda), Docker, Kubernetes
C E R T I F I C A T I O N S
AWS Certified Solutions Architect – Associate (Amazon Web Services), 2022
Certified Kubernetes Administrator (CKA) | CNCF | 2021
L A N G U A G E S
English (native), German (B2)
CONFERENCES & TALKS
Speaker, PyCon UK 2022: Settling payments at scale
Speaker, EuroPython 2021: Contract tests that pay off
"""

GERMAN_TWO_COLUMNS = """\
KONTAKT
anna.schmidt@example.de
Tel.: 0171/2345678
Musterstraße 5, 10115 Berlin
xing.com/profile/Anna_Schmidt
KENNTNISSE
Programmiersprachen: Python, Java, SQL
Frameworks: Spring Boot, Django
Werkzeuge: Git, Docker, Jenkins
SPRACHEN
Deutsch – Muttersprache
Englisch – verhandlungssicher (C1)
Französisch – Grundkenntnisse
Anna Schmidt
Softwareentwicklerin
PROFIL
Softwareentwicklerin mit acht Jahren Erfahrung in der Entwicklung von Webanwendungen
für Banken und Versicherungen.
BERUFSERFAHRUNG
Senior Softwareentwicklerin\tseit 04/2021
Muster Versicherung AG, Köln
• Leitung der Migration von 40 Services auf Kubernetes
• Einführung von Code-Reviews im Team mit 8 Entwicklern
Softwareentwicklerin\t04.2016 – 03.2021
Beispiel Bank GmbH, Frankfurt am Main
• Entwicklung des Online-Bankings mit Spring Boot für 2 Mio. Kunden
Werkstudentin Softwareentwicklung\tMärz 2014 – Februar 2016
Technik Solutions GmbH, Berlin
AUSBILDUNG
M.Sc. Informatik\t2013 – 2015
Technische Universität Berlin
Abschlussnote: 1,3
B.Sc. Informatik\t2010 – 2013
Universität Potsdam
ZERTIFIKATE
Oracle Certified Professional Java SE 11 Developer, 2019
Professional Scrum Master I (Scrum.org), 2020
EHRENAMT
Mentorin\t2018 – heute
Women in Tech e.V., Berlin
"""

FRENCH_DATES_LEFT = """\
Marie Dupont
Cheffe de projet digital
marie.dupont@example.fr · 06 12 34 56 78 · Lyon, France
PROFIL
Cheffe de projet avec six ans d'expérience dans le e-commerce et la conduite du
changement.
EXPÉRIENCE PROFESSIONNELLE
mars 2019 – aujourd'hui\tCheffe de projet digital
\tDupont & Fils SAS, Lyon
• Pilotage de la refonte du site e-commerce (budget de 2 M€)
• Coordination d'une équipe de 7 personnes
sept. 2016 – févr. 2019\tChargée de communication
\tAgence Lumière, Paris
• Gestion des réseaux sociaux de 12 clients
FORMATION
2014 – 2016\tMaster Marketing digital
\tUniversité Lumière Lyon 2
2011 – 2014\tLicence en information et communication
\tUniversité de Bordeaux
COMPÉTENCES
Gestion de projet : Scrum, Kanban, Jira
Outils : WordPress, Google Analytics, Figma
LANGUES
Français : langue maternelle
Anglais : courant (C1)
Espagnol : notions
CENTRES D'INTÉRÊT
Course à pied, photographie
"""

SPANISH_DATES_INLINE = """\
Carlos García López
Ingeniero de Datos
Madrid, España | +34 612 345 678 | carlos.garcia@example.es | github.com/cgarcia
PERFIL PROFESIONAL
Ingeniero de datos con experiencia en plataformas de analítica para banca y
telecomunicaciones.
EXPERIENCIA LABORAL
Ingeniero de Datos Senior – Telefónica S.A. – Madrid (2018 - Actualidad)
- Diseño de pipelines de datos con Spark y Airflow para 30 millones de clientes
- Reducción del coste de infraestructura en un 25 %
Analista de Datos | Banco Ejemplo S.A. | Barcelona | 09/2015 – 12/2017
- Creación de cuadros de mando en Tableau
FORMACIÓN ACADÉMICA
Máster en Ciencia de Datos – Universidad Politécnica de Madrid (2014 – 2015)
Grado en Ingeniería Informática – Universidad de Sevilla (2010 – 2014)
HABILIDADES
Lenguajes: Python, Scala, SQL
Big Data: Spark, Kafka, Airflow
IDIOMAS
Español (nativo), Inglés (C1), Francés (B1)
CERTIFICACIONES
Google Professional Data Engineer, Google Cloud, 2021
PROYECTOS
Predicción de demanda energética\t2020
- Modelo de series temporales con Prophet
Tecnologías: Python, Prophet
"""
