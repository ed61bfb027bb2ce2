"""The parts of `RuleBasedCVReader`: a CV's text lines read into JSON Resume, in English,
German, French and Spanish."""
