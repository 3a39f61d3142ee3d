"""The printed handout, read back with poppler: tagged, fonts embedded, text in order."""

from __future__ import annotations

import re
import subprocess
import zlib
from pathlib import Path

import pytest

from pipeline.pdf import html_to_pdf

ARTICLE = "spinal-fusion-nerve-damage"


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def objects(pdf: Path) -> bytes:
    """The PDF's bytes with every compressed stream (object streams too) inflated."""
    data = pdf.read_bytes()
    streams = []
    for match in re.findall(rb"stream\n(.*?)\nendstream", data, re.S):
        try:
            streams.append(zlib.decompress(match))
        except zlib.error:
            continue
    return b"\n".join([data, *streams])


def info(pdf: Path) -> dict[str, str]:
    return dict(line.split(":", 1) for line in run("pdfinfo", str(pdf)).splitlines() if ":" in line)


@pytest.mark.parametrize("lang", ["en", "tr", "de", "ru", "ar", "fa"])
def test_pdf_is_tagged_titled_a4_with_every_font_embedded(built_site, lang: str) -> None:
    project, _ = built_site
    pdf = project.site_dir / lang / f"{ARTICLE}.pdf"
    meta = {key: value.strip() for key, value in info(pdf).items()}
    assert meta["Tagged"] == "yes"
    assert meta["Page size"].startswith("595.276 x 841.89")
    assert int(meta["Pages"]) >= 5
    assert meta["Author"] == "Ugurkan Demir"
    title = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    page_title = re.search(r"<title>(.*?)</title>",
                           (project.site_dir / lang / ARTICLE / "index.html").read_text("utf-8"))
    assert page_title and page_title.group(1).split(" – ")[0].replace("&#39;", "'") in title
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # emb column
    assert all(line.split()[-4] == "yes" for line in fonts)  # subset column
    assert f"/Lang ({lang})".encode() in objects(pdf)


@pytest.mark.parametrize(
    ("lang", "in_order"),
    [
        ("en", ["Key Takeaways", "0.13 to 7.8 percent", "Simple Fusion", "0.13% – 1.5%", "References"]),
        ("tr", ["Önemli Noktalar", "%0,13 ile %7,8", "%0,13 – %1,5", "Kaynaklar"]),
        ("ar", ["النقاط الرئيسية", "٠٫١٣", "٧٫٨", "المراجع"]),
    ],
)
def test_pdf_text_has_localised_numbers_and_headings_in_order(built_site, lang: str,
                                                              in_order: list[str]) -> None:
    project, _ = built_site
    text = run("pdftotext", "-layout", str(project.site_dir / lang / f"{ARTICLE}.pdf"), "-")
    text = " ".join(text.split())
    position = 0
    for needle in in_order:
        found = text.find(needle, position) if lang != "ar" else text.find(needle)
        assert found >= 0, f"{needle!r} not found after position {position} in {lang}"
        position = found
    if lang == "tr":
        assert re.search(r"Sayfa 1 / \d+ .*Sayfa 2 / \d+", text)


def test_arabic_and_persian_page_numbers_use_their_digits(built_site) -> None:
    project, _ = built_site
    arabic = run("pdftotext", "-f", "2", "-l", "2", str(project.site_dir / "ar" / f"{ARTICLE}.pdf"), "-")
    persian = run("pdftotext", "-f", "2", "-l", "2", str(project.site_dir / "fa" / f"{ARTICLE}.pdf"), "-")
    assert "٢" in arabic and "2 " not in arabic.split("\n")[-3:]
    assert "۲" in persian


def test_same_html_gives_byte_identical_pdfs(built_site, tmp_path: Path) -> None:
    project, _ = built_site
    page = project.site_dir / "tr" / ARTICLE / "index.html"
    url, pdf = f"tr/{ARTICLE}/", f"tr/{ARTICLE}.pdf"
    first = html_to_pdf(page.read_text("utf-8"), url, pdf, project.base_url, project.site_dir)
    second = html_to_pdf(page.read_text("utf-8"), url, pdf, project.base_url, project.site_dir)
    assert first == second
    assert first == (project.site_dir / "tr" / f"{ARTICLE}.pdf").read_bytes()


def test_a_handout_is_the_same_printed_first_or_after_other_scripts(built_site) -> None:
    """A printer shares one font configuration among the pages it prints: fonts another
    language's page added before change no byte of the next handout."""
    import pipeline.pdf

    project, _ = built_site

    def printed(lang: str) -> bytes:
        page = project.site_dir / lang / ARTICLE / "index.html"
        return html_to_pdf(page.read_text("utf-8"), f"{lang}/{ARTICLE}/",
                           f"{lang}/{ARTICLE}.pdf", project.base_url, project.site_dir)

    pipeline.pdf._font_configuration.cache_clear()  # a new printer: Turkish first
    alone = printed("tr")
    for lang in ("fa", "ru", "ar"):  # Arabic script and Cyrillic fonts added
        assert printed(lang) == (project.site_dir / lang / f"{ARTICLE}.pdf").read_bytes()
    assert pipeline.pdf._font_configuration.cache_info().currsize == 1
    assert printed("tr") == alone

def test_links_in_the_pdf_point_at_the_published_site_not_at_local_files(built_site) -> None:
    project, _ = built_site
    data = objects(project.site_dir / "tr" / f"{ARTICLE}.pdf")
    uris = re.findall(rb"/URI \(([^)]*)\)", data)
    assert uris and not [uri for uri in uris if uri.startswith(b"file:")]
    assert f"{project.base_url}/tr/".encode() in uris


def test_dates_come_from_the_article_and_source_date_epoch(built_site, monkeypatch) -> None:
    project, _ = built_site
    meta = info(project.site_dir / "en" / f"{ARTICLE}.pdf")
    assert "Nov 18 00:00:00 2025" in meta["CreationDate"]
    assert "Nov 18 00:00:00 2025" in meta["ModDate"]
    import datetime as dt

    from pipeline.render import modified_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert modified_date(dt.date(2025, 11, 18)) == "2026-01-01T00:00:00Z"


def test_bookmarks_follow_the_headings(built_site) -> None:
    project, _ = built_site
    data = objects(project.site_dir / "tr" / f"{ARTICLE}.pdf")
    assert b"/Outlines" in data
    assert data.count(b"/Title") > 40  # one outline item per h1-h3 heading


@pytest.mark.parametrize("lang", ["ar", "fa", "de"])
def test_printed_web_addresses_read_in_one_piece_and_in_order(built_site, lang: str) -> None:
    """A patient types the address printed after a link. Inside Arabic and Persian lines
    it once came out reordered ("/https://...preparation") or cut in two and swapped."""
    project, _ = built_site
    words = run("pdftotext", "-bbox", str(project.site_dir / lang / "preparing-for-spine-surgery.pdf"), "-")
    for address in ("https://www.nhs.uk/conditions/having-surgery/preparation/",
                    "https://madeforthismoment.asahq.org/preparing-for-surgery/"):
        assert address in words, (lang, address)


def test_a_handout_ends_with_the_article_not_the_sites_footer(built_site) -> None:
    """The site footer (organisation and a link to all articles) is for the web page: in
    print it repeated the page header's organisation, left a stray '·', and once took a
    page of its own."""
    project, _ = built_site
    for pdf in project.site_dir.glob("*/*.pdf"):
        last_page = run("pdftotext", "-f", info(pdf)["Pages"].strip(), str(pdf), "-")
        assert "·" not in last_page, pdf
