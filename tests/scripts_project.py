"""A small project in nine scripts, pseudo-translated: text in each language's own script
(a real sentence, repeated into a long paragraph), every number in the language's own
digits and notation (Babel's), so the checks pass and the build prints every page."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import polib
from babel.numbers import format_decimal

from pipeline.languages import plural_forms

SLUG = "nerve-care"

ARTICLE = """\
---
title: Nerve care after spine surgery
description: What 3 in 100 patients notice after surgery, and what helps.
updated: 2025-11-18
author: Ugurkan Demir
---

Numbness after surgery affects 3 in 100 patients and usually fades within 12 weeks.

## What helps

- Walking for 20 minutes a day.
- Physiotherapy 2 times a week.

> Call your surgeon if weakness gets worse after 2 days.

| Week | What to do |
|---|---|
| Week 1 | Rest and short walks |
| Week 6 | Light work, 4 hours a day |

## Recovery

Most patients recover within a few weeks after surgery, and the numbness fades little by little.
"""

THAI_WORDS = ("ผู้", "ป่วย", "ส่วน", "ใหญ่", "จะ", "หาย", "ดี", "ภาย", "ใน", "สอง", "สาม",
              "สัปดาห์", "หลัง", "ผ่า", "ตัด", "และ", "อา", "การ", "ชา", "จะ", "ค่อยๆ", "หาย", "ไป")
"""The Thai sentence, word by word (every place a Thai reader may see a line break)."""

SENTENCES = {
    "he": ("טיפול בעצבים לאחר ניתוח בעמוד השדרה",
           "רוב המטופלים מחלימים תוך שבועות ספורים לאחר הניתוח, והחוסר בתחושה חולף בהדרגה."),
    "hi": ("रीढ़ की सर्जरी के बाद नसों की देखभाल",
           "अधिकांश मरीज़ सर्जरी के बाद कुछ हफ़्तों में ठीक हो जाते हैं, और सुन्नपन धीरे-धीरे कम होता है।"),
    "bn": ("মেরুদণ্ডের অস্ত্রোপচারের পরে স্নায়ুর যত্ন",
           "বেশিরভাগ রোগী অস্ত্রোপচারের কয়েক সপ্তাহের মধ্যে সেরে ওঠেন, এবং অসাড়ভাব ধীরে ধীরে কমে যায়।"),
    "th": ("การดูแลเส้นประสาทหลังผ่าตัดกระดูกสันหลัง", "".join(THAI_WORDS)),
    "ka": ("ნერვების მოვლა ხერხემლის ოპერაციის შემდეგ",
           "პაციენტების უმეტესობა ოპერაციიდან რამდენიმე კვირაში გამოჯანმრთელდება და დაბუჟება თანდათან ქრება."),
    "hy": ("Նյարդերի խնամքը ողնաշարի վիրահատությունից հետո",
           "Հիվանդների մեծ մասն ապաքինվում է վիրահատությունից մի քանի շաբաթ անց, և թմրածությունը աստիճանաբար անցնում է։"),
    "zh_CN": ("脊柱手术后的神经护理",
              "大多数患者在手术后几周内康复，麻木感通常会逐渐消失。"),
    "ja": ("脊椎手術後の神経ケア",
           "ほとんどの患者さんは、手術後数週間で回復します。しびれは、通常、少しずつ消えていきます。"
           "手術の後は、無理をせず、ゆっくり休んでください。"),
    "ko": ("척추 수술 후 신경 관리",
           "대부분의 환자는 수술 후 몇 주 안에 회복되며, 저림은 보통 조금씩 사라집니다."),
}
"""Per language: a title, and a sentence for the long paragraphs."""


LANGUAGES = tuple(SENTENCES)

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def localised_numbers(msgid: str, lang: str) -> list[str]:
    """The numbers of ``msgid`` as the language writes them (Babel, its default digits)."""
    return [format_decimal(Decimal(number), locale=lang, numbering_system="default")
            for number in _NUMBER.findall(msgid)]


def pseudo_translation(msgid: str, lang: str) -> str:
    """The unit in the language's script, keeping its numbers and gettext placeholders."""
    title, sentence = SENTENCES[lang]
    if msgid.startswith("Most patients recover"):  # long: lines break inside the sentences
        return (" " if " " in sentence else "").join([sentence] * 6)
    word = title.split()[0]  # between numbers, so that none reads as another's digits
    kept = re.findall(r"%\(\w+\)s", msgid) + localised_numbers(msgid, lang)
    return " ".join([title, *(f"{item} {word}" for item in kept)])


def write_catalog(path: Path, lang: str, entries: list[tuple[str, str]]) -> None:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {
        "Project-Id-Version": path.stem, "Language": lang, "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(lang),
    }
    for msgid, msgstr in entries:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))


def make_project(root: Path, languages: tuple[str, ...] = LANGUAGES) -> Path:
    """The project: settings, the English article, and every language's two catalogs."""
    from pipeline.article import read_article
    from pipeline.config import load_project
    from pipeline.segment import segment

    repository = Path(__file__).resolve().parent.parent
    (root / "source").mkdir(parents=True)
    (root / "source" / f"{SLUG}.md").write_text(ARTICLE, "utf-8")
    (root / "pyproject.toml").write_text(
        "[tool.localise]\n"
        f"languages = [{', '.join(repr(lang) for lang in languages)}]\n"
        'organisation = "Liv Hospital"\nbase-url = "https://patients.example.org"\n', "utf-8")
    units = [unit.msgid for unit in segment(read_article(root / "source" / f"{SLUG}.md",
                                                         f"source/{SLUG}.md"))]
    site = [entry.msgid for entry in polib.pofile(
        str(repository / "locales" / "templates" / "site.pot"))]
    project = load_project(root)
    for lang, code in zip(languages, project.languages, strict=True):  # (code: its folder)
        write_catalog(project.catalog_path(code, SLUG), lang,
                      [(msgid, pseudo_translation(msgid, lang)) for msgid in dict.fromkeys(units)])
        write_catalog(project.catalog_path(code, "site"), lang,
                      [(msgid, pseudo_translation(msgid, lang)) for msgid in site])
    return root
