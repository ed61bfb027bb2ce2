"""Who a CV belongs to and how to reach them: what is taken out of it before a vendor
sees it, and put back as the improved CV's heading and contact line."""

from dataclasses import dataclass, field

SEPARATOR = " · "


@dataclass
class Contact:
    """The person's name and contact details as their CV writes them (in the shape of
    JSON Resume's `basics`: name, email, phone, location, profiles)."""

    name: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)

    def add(self, kind: str, value: str) -> None:
        value = value.strip(" ,;:|")
        bucket = {
            "email": self.emails,
            "phone": self.phones,
            "location": self.locations,
            "profile": self.profiles,
        }.get(kind)
        if kind == "name" and value and self.name is None:
            self.name = value
        elif bucket is not None and value and value not in bucket:
            bucket.append(value)

    @property
    def email(self) -> str | None:
        return self.emails[0] if self.emails else None

    @property
    def phone(self) -> str | None:
        return self.phones[0] if self.phones else None

    def line(self) -> str:
        """The contact line: location, e-mail, phone and profiles, as the CV wrote them."""
        parts = [*self.locations[:1], *self.emails[:1], *self.phones[:1], *self.profiles]
        return SEPARATOR.join(parts)

    @property
    def is_empty(self) -> bool:
        return self.name is None and not self.line()
