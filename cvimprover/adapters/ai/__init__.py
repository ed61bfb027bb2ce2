"""Improving CVs: vendors' language models (OpenAI and compatible servers, Anthropic) and
an offline, rule-based improver."""
