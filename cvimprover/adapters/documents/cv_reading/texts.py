"""Lines read back into prose, and lists into their items."""

import re

ITEM_SEPARATORS = re.compile(r"\s*[,;•·|]\s*|\s+[–—]\s+")


def paragraph(lines: list[str]) -> str:
    return " ".join(" ".join(line.split()) for line in lines).strip()


def items_of(text: str) -> list[str]:
    """ "Python, Go; SQL" -> three items; "Python (Django, FastAPI), Go" -> two: a comma
    inside brackets separates nothing."""
    items: list[str] = []
    depth, start = 0, 0
    for found in re.finditer(r"[()\[\]]|" + ITEM_SEPARATORS.pattern, text):
        mark = found.group()
        if mark in "([":
            depth += 1
        elif mark in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            items.append(text[start : found.start()])
            start = found.end()
    items.append(text[start:])
    return [item.strip(" .") for item in items if item.strip(" .")]
