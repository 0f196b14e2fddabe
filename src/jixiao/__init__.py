"""jixiao (绩效): budget performance self-evaluation — model, scoring, checking, publishing."""

__version__ = "0.1.0"
