"""A real browser: Debian's chromium opens pages, screenshots them, and axe-core audits them.

The audit runs the WCAG 2.1 A and AA rules; a phone 320 px wide (WCAG's reflow width) must
not scroll sideways, German compounds in headings and tables included.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

BROWSER = Path(__file__).parent / "browser"
PAGES = [
    "en/spinal-fusion-nerve-damage/index.html",
    "tr/spinal-fusion-nerve-damage/index.html",
    "ar/spinal-fusion-nerve-damage/index.html",
    "de/spinal-fusion-nerve-damage/index.html",  # long compound words in a 3-column table
    "ru/spinal-fusion-nerve-damage/index.html",
    "fa/preparing-for-spine-surgery/index.html",
    "de/index.html",
    "index.html",
]


def test_pages_pass_axe_wcag21_aa_and_fit_a_phone(built_site, tmp_path: Path) -> None:
    project, _ = built_site
    files = [str(project.site_dir / name) for name in PAGES]
    done = subprocess.run(
        ["node", str(BROWSER / "audit.mjs"), str(tmp_path), *files],
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pages = json.loads(done.stdout)["pages"]
    assert len(pages) == len(PAGES)
    for result in pages:
        assert result["violations"] == [], (result["file"], result["violations"])
        assert result["overflowX"] is False, result["file"]
        for shot in result["screenshots"]:
            assert Path(shot).stat().st_size > 10_000
    by_file = {Path(r["file"]).parts[-3]: r for r in pages if r["file"].endswith("damage/index.html")}
    assert by_file["ar"]["dir"] == "rtl" and by_file["ar"]["lang"] == "ar"
    assert by_file["en"]["dir"] == "ltr"
