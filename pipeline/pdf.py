"""Print: the article page as an A4 PDF handout, by WeasyPrint from the same HTML.

The page's own print stylesheet lays it out (running title, localised page numbers, no
orphaned headings); this module only asks WeasyPrint for an accessible, reproducible
file: PDF/UA-1 (tagged, with /Lang and title), fonts embedded and subset, dates taken
from the article (``dcterms.created``), so the same input always gives the same bytes.
The page is rendered at its public URL, so links in the PDF point at the published site
(never at a local folder), while stylesheets and fonts are read from the local build.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
"""WeasyPrint's PDF/UA-1 variant: a tagged PDF (structure tree), /Lang and /Title set."""


def _site_fetcher(public_root: str, local_root: Path):
    from weasyprint.urls import URLFetcher

    class SiteFetcher(URLFetcher):
        """Serves the site's own URLs from the local build; nothing from the network."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",))

        def fetch(self, url: str, headers: dict | None = None):
            if url.startswith(public_root + "/"):
                local = (local_root / url[len(public_root) + 1 :].split("#", maxsplit=1)[0]).resolve()
                if local.is_relative_to(local_root.resolve()):
                    url = local.as_uri()
            return super().fetch(url, headers)

    return SiteFetcher()


def html_to_pdf(html: str, page_url: str, public_root: str, local_root: Path) -> bytes:
    """Render a page published at ``page_url`` (site root ``public_root``, built locally in
    ``local_root``) to PDF bytes."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(
        string=html, base_url=page_url, url_fetcher=_site_fetcher(public_root, local_root)
    ).render()
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
