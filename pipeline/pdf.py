"""Print: the article page as an A4 PDF handout, by WeasyPrint from the same HTML.

The page's own print stylesheet lays it out (running title, localised page numbers, no
orphaned headings); this module only asks WeasyPrint for an accessible, reproducible
file: PDF/UA-1 (tagged, with /Lang and title), fonts embedded and subset, dates taken
from the article (``dcterms.created``), so the same input always gives the same bytes.
The page is rendered at a private address that serves the local build (its stylesheets,
fonts and images, nothing from the network); its links are then written as readers
follow them: at the published site's address when the project has a ``base-url``, else
relative to the PDF's own place in the site (never to a local folder).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import posixpath
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
"""WeasyPrint's PDF/UA-1 variant: a tagged PDF (structure tree), /Lang and /Title set."""

PRIVATE_ROOT = "https://localise.invalid"
"""Where a page is rendered for print: a reserved name (RFC 2606), served from the build."""


def _site_fetcher(local_root: Path):
    from weasyprint.urls import URLFetcher

    class SiteFetcher(URLFetcher):
        """Serves the site's own URLs from the local build; nothing from the network."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",))

        def fetch(self, url: str, headers: dict | None = None):
            if url.startswith(PRIVATE_ROOT + "/"):
                local = (local_root / url[len(PRIVATE_ROOT) + 1 :].split("#", maxsplit=1)[0]
                         .split("?", maxsplit=1)[0]).resolve()
                if local.is_relative_to(local_root.resolve()):
                    url = local.as_uri()
            return super().fetch(url, headers)

    return SiteFetcher()


def public_link(target: str, pdf_path: str, base_url: str) -> str:
    """A link of the printed page as a reader of the PDF follows it: the site's pages at
    ``base_url``, or relative to the PDF (``pdf_path``, from the site's root) without one.

    >>> public_link("https://localise.invalid/tr/faq/#a", "tr/guide/x.pdf", "")
    '../faq/#a'
    >>> public_link("https://localise.invalid/tr/faq/", "tr/x.pdf", "https://h.org")
    'https://h.org/tr/faq/'
    >>> public_link("https://example.org/", "tr/x.pdf", "")
    'https://example.org/'
    """
    if not target.startswith(PRIVATE_ROOT + "/"):
        return target
    path = target[len(PRIVATE_ROOT) + 1 :]
    if base_url:
        return f"{base_url}/{path}"
    path, hash_mark, fragment = path.partition("#")
    relative = posixpath.relpath(path or ".", posixpath.dirname(pdf_path) or ".")
    if path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative + hash_mark + fragment


@functools.lru_cache(maxsize=1)
def _font_configuration(local_root: Path):
    """One WeasyPrint font configuration for every page a process prints from one site
    (kept for the last site only). Made for each document, it loads the system's fonts
    again (a fifth of a handout's time) and keeps part of each load (a printer of 300
    handouts grew by 100 MB); shared, the site's ``@font-face`` fonts are added once, and
    the PDFs are the same bytes."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(html: str, page_path: str, pdf_path: str, base_url: str, local_root: Path) -> bytes:
    """Render the page at ``page_path`` (from the site's root, e.g. ``tr/guide/x/``; built
    locally in ``local_root``) to the PDF bytes of ``pdf_path``."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(
        string=html, base_url=f"{PRIVATE_ROOT}/{page_path}", url_fetcher=_site_fetcher(local_root)
    ).render(font_config=_font_configuration(local_root))
    for page in document.pages:
        page.links = [
            (kind, public_link(target, pdf_path, base_url) if kind == "external" else target,
             rectangle, box)
            for kind, target, rectangle, box in page.links
        ]
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    printed = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    del document
    gc.collect()  # a layout is a web of cycles (boxes and their parents): gone now, not
    return printed  # piled up until the CLI's rare collections (a printer grew 1.5 MB a page)
