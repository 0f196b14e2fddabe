"""Building frozen slotted dataclasses fast, for the hot loops of readers, builders and scoring.

Apart from ``model`` so that every core module (the claim readers, which ``model`` itself
imports through ``statements``) can use it without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any


def positional_constructor(cls: type) -> Callable[..., Any]:
    """``cls(*values)`` with every field given in order, for hot loops (builders, scoring).

    A frozen slotted dataclass sets each field through ``object.__setattr__``; this writes
    the slots directly instead, which is about twice as fast for wide classes such as
    ``Indicator``. Only for plain dataclasses (no ``__post_init__``, no ``InitVar``): the
    result is the same object ``cls(*values)`` would build.
    """
    names = [f.name for f in fields(cls)]
    slots = getattr(cls, "__slots__", None)
    if hasattr(cls, "__post_init__") or not slots or len(names) != len(slots):
        return cls
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    env.update({f"_set_{n}": cls.__dict__[n].__set__ for n in names})
    body = "".join(f"    _set_{n}(obj, {n})\n" for n in names)
    exec(f"def make({', '.join(names)}):\n    obj = _new(_cls)\n{body}    return obj\n", env)
    make = env["make"]
    make.__qualname__ = make.__name__ = f"new_{cls.__name__}"
    return make
