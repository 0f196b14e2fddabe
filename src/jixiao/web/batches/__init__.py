"""Batch review: many published reports uploaded at once, read and checked by background workers."""
