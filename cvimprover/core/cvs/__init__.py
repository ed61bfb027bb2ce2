"""CVs: questionnaires, uploaded CV files and AI improvements (see issue 3)."""
