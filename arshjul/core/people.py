"""Who is in a municipality's wheel, as data: a person is (body key, e-mail, role). Adding,
removing or changing people is a privileged change (an admin's), because a person's role
decides what they may do and where reminders go; comparing two sets says what changed."""

from __future__ import annotations

from dataclasses import dataclass

from arshjul.core.template import CycleTemplate

PersonKey = tuple[str, str, str]  # (body key, e-mail, role)


@dataclass(frozen=True, slots=True)
class PeopleChange:
    added: tuple[PersonKey, ...]
    removed: tuple[PersonKey, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def as_dict(self) -> dict[str, list[dict[str, str]]]:
        def rows(keys: tuple[PersonKey, ...]) -> list[dict[str, str]]:
            return [{"body": b, "email": e, "role": r} for b, e, r in keys]

        return {"added": rows(self.added), "removed": rows(self.removed)}


def people_of(template: CycleTemplate) -> set[PersonKey]:
    return {(b.key, c.email, c.role.value) for b in template.bodies for c in b.contacts}


def people_change(before: set[PersonKey], after: set[PersonKey]) -> PeopleChange:
    """What planning `after` over `before` changes; a changed role is one removed, one added."""
    return PeopleChange(tuple(sorted(after - before)), tuple(sorted(before - after)))
