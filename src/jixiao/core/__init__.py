"""The pure domain core: model, frameworks, scoring and checks.

Nothing in this package performs I/O or imports a document, CLI or web library; a test
enforces it. Adapters (``jixiao.io``, readers, publishers, CLI, web) build core objects and
call core functions, so every surface computes the same numbers.
"""
