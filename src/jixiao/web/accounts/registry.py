"""Frameworks an administrator registered, as the lookup ``io.frameworks.named_only`` consults."""

from __future__ import annotations

from django.db import DatabaseError


class Registered:
    """``RegisteredFramework`` rows by name: the YAML text, and the list of names for choosers."""

    def __call__(self, name: str) -> str | None:
        from .models import RegisteredFramework
        try:
            found = RegisteredFramework.objects.filter(name=name).values_list("text", flat=True).first()
        except DatabaseError:           # no database in this process (a CLI run beside Django): none registered
            return None
        return str(found) if found is not None else None

    def names(self) -> list[str]:
        from .models import RegisteredFramework
        try:
            return [str(n) for n in RegisteredFramework.objects.values_list("name", flat=True)]
        except DatabaseError:
            return []


registered_frameworks = Registered()
