"""Print: the article page as an A4 PDF handout, by WeasyPrint from the same HTML.

The page's own print stylesheet lays it out (running title, localised page numbers, no
orphaned headings); this module only asks WeasyPrint for an accessible, reproducible
file: PDF/UA-1 (tagged, with /Lang and title), fonts embedded and subset, and dates taken
from the article (``dcterms.created``), so the same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
"""WeasyPrint's PDF/UA-1 variant: a tagged PDF (structure tree), /Lang and /Title set."""


def html_to_pdf(html: str, base_dir: Path) -> bytes:
    """Render ``html`` (relative links resolved from ``base_dir``) to PDF bytes."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=str(base_dir) + "/").render()
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return document.write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_identifier=identifier,
        uncompressed_pdf=False,
    )
