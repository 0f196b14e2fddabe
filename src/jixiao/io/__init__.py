"""Adapters between files and the core: project files, frameworks, serialisation, loading."""
