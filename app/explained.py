"""A reason as data: what the plan and the matching say about a person, translated only on display."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """A message key and its values (names, ages, levels), rendered in the reader's language by the views."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **params: object) -> Reason:
        return cls(key, tuple(sorted(params.items())))

    @property
    def kwargs(self) -> dict[str, object]:
        return dict(self.params)
