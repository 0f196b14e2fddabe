"""PDF from the report's HTML with WeasyPrint (see docs/publishing.md for why not LibreOffice).

WeasyPrint runs in-process, honours CSS paged media (A4, margins, ``counter(page)`` in the
footer, ``thead`` repeated on each page) and embeds subsets of the fonts it used; the Noto
CJK fonts are named in the stylesheet after the official GB/T 9704 ones.
"""

from __future__ import annotations

import logging


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # WeasyPrint logs every unknown CSS property and font fallback at WARNING; keep the CLI quiet
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return pdf
