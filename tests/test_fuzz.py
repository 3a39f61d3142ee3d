"""Fuzzing the two readers of outside input: the PO reader and the Markdown segmenter
(and the translated Markdown written back from what the segmenter found).

Property for both: the only exception ever raised is ``LocaliseError`` (a message with a
file and line for the user), never a crash. For the segmenter also: the template it makes
reads back through ``read_po`` with every unit's msgid intact, and ``msgfmt --check``
accepts it.

CI runs a bounded number of examples (about 15 s in all). A longer run, for a night or
before a release, multiplies every bound by 50 (some minutes):

    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py -p no:cacheprovider

Any crash found becomes a named regression test at the end of this file, with the minimal
input hypothesis printed.
"""

from __future__ import annotations

import os
import shutil
import string
import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_commonmark import structure

from pipeline.article import markdown, parse_article
from pipeline.assemble import assemble
from pipeline.errors import LocaliseError
from pipeline.extract import build_template
from pipeline.files import normalise_newlines
from pipeline.pofile import check_po, format_po, read_po
from pipeline.segment import Unit, segment
from pipeline.translated_markdown import translate_markdown

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("LOCALISE_PO_CORPUS", "/work/shared/corpus/po-wild"))

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
SCALE = 50 if PROFILE == "long" else 1
settings.register_profile("long", deadline=None, max_examples=100 * 50)  # for the whole suite


def fuzz(examples: int) -> settings:
    """A bound for CI, multiplied in the long profile; no deadline (CI machines vary)."""
    return settings(max_examples=examples * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- the PO reader ------------------------------------------------------------------

SEEDS = [
    *sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")),
    *sorted((ROOT / "locales" / "templates").glob("*.pot")),
    *(CORPUS / name for name in (
        "polib__x__tests_test_iso-8859-15.po",
        "translate__x__ests_translate_tools_data_pocount_syntax_errors_f43.tgif.fr.po",
        "polib__x__tests_test_ufeff.po",
        "babel__de_DE__tests_messages_data_project_i18n_de_DE_LC_MESSAGES_bar.po",
        "sphinx__ru__sphinx_locale_ru_LC_MESSAGES_sphinx.po",
        "sphinx__ar__sphinx_locale_ar_LC_MESSAGES_sphinx.po",
    )),
]
SEED_BYTES = {path.name: path.read_bytes() for path in SEEDS}

PO_TOKENS = [b'msgid "', b'msgstr "', b'msgstr[0] "', b'msgstr[7] "', b'msgid_plural "',
             b'msgctxt "', b"#~ ", b'#~| msgid "', b'#| msgid "', b"#, fuzzy, c-format\n",
             b"#, python-format\n", b"#, python-brace-format\n", b"#: a.md:1\n", b"#. x\n",
             b'"\n', b"\\", b"\\n", b"\\x", b"\\777", b"\\u00e7", b"\n", b"\r\n", b"\r", b"%s",
             b"%(n)d", b"%1$s", b"{0}", b"{", b"\xc3", b"\xa7", b"\xff\xfe", b"\xef\xbb\xbf",
             b"\x00", b"\xe2\x80\xa8", b'"Content-Type: text/plain; charset=ISO-8859-9\\n"\n',
             b'"Content-Type: text/plain; charset=CP1254\\n"\n',
             b'"Content-Type: text/plain; charset=EUC-JP\\n"\n',
             b'"Plural-Forms: nplurals=3; plural=n%10==1 ? 0 : 2;\\n"\n',
             b'"Plural-Forms: nplurals=0; plural=1/0;\\n"\n', b'msgid ""\nmsgstr ""\n',
             b"domain \"x\"\n", b" ", b"\t", b"#"]


def _mutate(data: bytes, mutations: list[tuple[str, float, bytes]]) -> bytes:
    for kind, where, payload in mutations:
        at = int(where * len(data))
        if kind == "insert":
            data = data[:at] + payload + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + len(payload) * 7 + 1:]
        elif kind == "overwrite":
            data = data[:at] + payload + data[at + len(payload):]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "duplicate line":
            lines = data.split(b"\n")
            line = int(where * len(lines)) % max(1, len(lines))
            data = b"\n".join([*lines[: line + 1], *lines[line:]])
        elif kind == "drop line":
            lines = data.split(b"\n")
            line = int(where * len(lines)) % max(1, len(lines))
            data = b"\n".join([*lines[:line], *lines[line + 1:]])
        elif kind == "swap halves":
            data = data[at:] + data[:at]
        elif kind == "crlf":
            data = data[:at] + data[at:].replace(b"\n", b"\r\n")
    return data


MUTATION = st.tuples(
    st.sampled_from(["insert", "delete", "overwrite", "truncate", "duplicate line", "drop line",
                     "swap halves", "crlf", "insert"]),
    st.floats(min_value=0, max_value=1),
    st.one_of(st.sampled_from(PO_TOKENS), st.binary(min_size=1, max_size=12)),
)


def assert_reads_or_says_where(data: bytes, name: str) -> polib.POFile | None:
    """read_po gives a catalog or a LocaliseError at a line of the file; check_po gives
    problems at lines of the file. Anything else propagates and fails the test."""
    last_line = data.count(b"\n") + data.count(b"\r") + 1
    for problem in check_po(data, name):
        assert 1 <= problem.line <= last_line, problem
    try:
        return read_po(data, name)
    except LocaliseError as error:
        assert error.path == name and error.line is not None, error
        assert 1 <= error.line <= last_line, (error.line, last_line, str(error))
        assert str(error).startswith(f"{name}:{error.line}: ")
        return None


@fuzz(300)
@given(st.binary(max_size=2000))
def test_read_po_on_arbitrary_bytes(data: bytes) -> None:
    assert_reads_or_says_where(data, "random.po")


@fuzz(400)
@given(st.sampled_from(sorted(SEED_BYTES)), st.lists(MUTATION, min_size=1, max_size=6))
def test_read_po_on_mutated_real_catalogs(seed: str, mutations: list) -> None:
    """Real catalogs (ours, and odd ones of the corpus), cut, spliced and salted with PO
    syntax and bad bytes: a catalog or a LocaliseError naming a line, never a crash. A
    catalog read and rewritten in msgcat's form reads back to the same entries."""
    data = _mutate(SEED_BYTES[seed], mutations)
    po = assert_reads_or_says_where(data, seed)
    if po is None or check_po(data.removeprefix(b"\xef\xbb\xbf"), seed):  # BOM: read, not valid
        return
    again = read_po(format_po(po).encode(po.encoding), seed)
    assert [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.obsolete) for e in again] == [
        (e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.obsolete) for e in po
        if not (e.obsolete and not (e.msgstr or any(e.msgstr_plural.values())))]


# --- the Markdown segmenter ---------------------------------------------------------

LETTERS = (string.ascii_letters + string.digits + "çğıİöşüÇĞÖŞÜßäÄéèêñ" + "абвгдЖЩЁё"
           + "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩" + "中文字日本語한국어"
           + "αβγΩ" + "😀🩺" + "\u0301\u0308")
ODD = ["\u00a0", "\u00ad", "\u200b", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029",
       "\u0085", "\x0b", "\x0c", "\x1c", "\x1e", "\x7f", "\x01", "\t", "\ufeff", "\ufffd",
       "\\", '"', "%", "%s", "%(n)d", "{0}", "{", "}", "<", ">", "&", "&amp;", "&#0;", "#",
       "|", "*", "_", "`", "[", "]", "(", ")", "!", "~", "=", "-", "+", ".", ":", "'", "…",
       "–", "—", "0.13", "7,8", "14.97%", "%40", "10-20", "L4-L5", "٪", "؟", "\\|"]

word = st.one_of(st.text(alphabet=LETTERS, min_size=1, max_size=8), st.sampled_from(ODD))
URL = st.sampled_from(["https://example.org/a", "https://example.org/a?b=1&c=2#x", "x.png",
                       "/relative/path", "#anchor", "mailto:a@example.org", "javascript:alert(1)",
                       "https://exa mple.org", "<https://example.org/b>", "http://[::1]/",
                       "https://example.org/(paren)"])


def words(max_size: int = 6) -> st.SearchStrategy[str]:
    return st.lists(word, min_size=1, max_size=max_size).map(" ".join)


inline = st.recursive(
    words(),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(" ".join),
        inner.map(lambda text: f"*{text}*"),
        inner.map(lambda text: f"**{text}**"),
        inner.map(lambda text: f"_{text}_"),
        words(3).map(lambda text: f"`{text}`"),
        st.tuples(inner, URL).map(lambda pair: f"[{pair[0]}]({pair[1]})"),
        st.tuples(words(3), URL).map(lambda pair: f"![{pair[0]}]({pair[1]})"),
        URL.map(lambda url: f"<{url}>"),
        words(2).map(lambda text: f"[{text}][ref]"),
        st.tuples(inner, inner).map(lambda pair: f"{pair[0]}  \n{pair[1]}"),
        st.tuples(inner, inner).map(lambda pair: f"{pair[0]}\n{pair[1]}"),
        inner.map(lambda text: f"<span>{text}</span>"),
        inner.map(lambda text: f"**{text}"),
    ),
    max_leaves=8,
)
one_line = inline.map(lambda text: " ".join(text.splitlines()) or "x")


def _table(cells: list[list[str]]) -> str:
    width = len(cells[0])
    rows = [row[:width] + ["x"] * (width - len(row)) for row in cells]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---", ":-:", "--:"][n % 3]
                                                                for n in range(width)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


block = st.one_of(
    st.tuples(st.integers(1, 6), one_line).map(lambda pair: "#" * pair[0] + " " + pair[1]),
    inline,
    st.tuples(one_line, st.sampled_from(["===", "---"])).map("\n".join),
    st.lists(one_line, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"- {item}" for item in items)),
    st.lists(one_line, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))),
    st.lists(one_line, min_size=2, max_size=4).map(
        lambda items: f"- {items[0]}\n" + "\n".join(f"  - {item}" for item in items[1:])),
    st.lists(st.lists(one_line, min_size=1, max_size=4), min_size=1, max_size=4).map(_table),
    st.lists(one_line, min_size=1, max_size=3).map(
        lambda lines: "\n".join(f"> {line}" for line in lines)),
    words(4).map(lambda text: f"```\n{text}\n```"),
    st.just("---"),
    st.just("***"),
    st.tuples(words(3), URL).map(lambda pair: f"![{pair[0]}]({pair[1]})"),
    URL.map(lambda url: f"[ref]: {url}"),
    one_line.map(lambda text: f"<div>{text}</div>"),
    one_line.map(lambda text: f"    {text}"),
)

FIELD = st.one_of(words(5), st.sampled_from(['"quoted: text"', "'single'", "[a, b]", "{a: 1}",
                                             "", "|\n  block", "null", "123", '"\\0 nul"',
                                             '"\\u2028 separator"', "*anchor", "&a x"]))
front_matter = st.one_of(
    st.tuples(FIELD, FIELD, st.sampled_from(["2025-11-18", "2025-13-40", "yesterday", ""]),
              FIELD).map(lambda f: f"---\ntitle: {f[0]}\ndescription: {f[1]}\n"
                                   f"updated: {f[2]}\nauthor: {f[3]}\n---\n"),
    st.just("---\ntitle: A title\ndescription: A description\nupdated: 2025-11-18\n"
            "author: An Editor\n---\n"),
    st.just(""),
    st.just("---\n- a\n- b\n---\n"),
)
article_text = st.tuples(front_matter, st.lists(block, max_size=12)).map(
    lambda parts: parts[0] + "\n" + "\n\n".join(parts[1]) + "\n")

VALID_FRONT = "---\ntitle: A title\ndescription: A description\nupdated: 2025-11-18\n" \
              "author: An Editor\n---\n"


def template_of(text: str) -> tuple[list[str], str] | None:
    """Segment and extract an article; None when it is refused with a LocaliseError."""
    try:
        article = parse_article(normalise_newlines(text), "source/fuzz-article.md")
    except LocaliseError as error:
        assert error.path == "source/fuzz-article.md" and str(error)
        return None
    units = segment(article)
    template = build_template(article)
    assert len(template) == len({unit.msgid for unit in units})
    return [unit.msgid for unit in units], format_po(template)


def assert_round_trip(text: str) -> str | None:
    made = template_of(text)
    if made is None:
        return None
    msgids, po_text = made
    po = read_po(po_text.encode("utf-8"), "fuzz-article.pot")
    assert [entry.msgid for entry in po] == list(dict.fromkeys(msgids))
    assert format_po(po) == po_text  # stable: msgcat's form of msgcat's form
    return po_text


@fuzz(300)
@given(article_text)
def test_segmenter_on_generated_markdown(text: str) -> None:
    assert_round_trip(text)


@fuzz(200)
@given(st.lists(block, min_size=1, max_size=10))
def test_segmenter_with_valid_front_matter(blocks: list[str]) -> None:
    assert assert_round_trip(VALID_FRONT + "\n" + "\n\n".join(blocks) + "\n") is not None


@fuzz(150)
@given(st.text(max_size=400))
def test_segmenter_on_arbitrary_text(body: str) -> None:
    assert_round_trip(VALID_FRONT + body)
    assert_round_trip(body)


MSGFMT = shutil.which("msgfmt")


@fuzz(60)
@given(st.lists(block, min_size=1, max_size=10))
def test_msgfmt_accepts_the_templates(blocks: list[str]) -> None:
    assert MSGFMT, "GNU gettext's msgfmt must be installed"
    po_text = assert_round_trip(VALID_FRONT + "\n" + "\n\n".join(blocks) + "\n")
    assert po_text is not None
    with tempfile.NamedTemporaryFile("wb", suffix=".pot", delete=False) as handle:
        handle.write(po_text.encode("utf-8"))
    try:
        done = subprocess.run([MSGFMT, "--check", "-o", os.devnull, handle.name],
                              capture_output=True, text=True, errors="replace")
    finally:
        os.unlink(handle.name)
    assert done.returncode == 0, done.stderr


# --- translated Markdown ---------------------------------------------------------------

ONE_LINE_KINDS = ("heading", "table", "image alt text", "admonition title", "definition term")


def breaking(unit: Unit) -> str:
    """A translation that breaks the Markdown if written as it is (blocks opened at line
    starts, pipes, a heading's closing ``#``); line breaks only where Markdown has them."""
    if unit.kind == "HTML block":
        return unit.msgid.replace(">", "> ⟦", 1)
    if unit.kind.startswith(ONE_LINE_KINDS):
        return f"- {unit.msgid} | #"
    return f"> {unit.msgid}\\\n1. # x | y\n---\n[a]: b"


def assert_translated_markdown_reads_as_the_page(text: str) -> None:
    try:
        article = parse_article(normalise_newlines(text), "source/fuzz-article.md")
    except LocaliseError:
        return
    itself = {unit.msgid: unit.msgid for unit in segment(article)}
    assert translate_markdown(article, itself) == article.text
    translations = {unit.msgid: breaking(unit) for unit in segment(article)}
    for unit in segment(article):  # one text in a heading and a paragraph: the heading's
        if unit.kind.startswith(ONE_LINE_KINDS):
            translations[unit.msgid] = breaking(unit)
    page = assemble(article, translations)
    want = markdown().renderer.render(list(page.tokens), markdown().options, dict(page.env))
    back = parse_article(translate_markdown(article, translations), "source/fuzz-article.md")
    got = markdown().renderer.render(list(back.tokens), markdown().options, dict(back.env))
    if article.text.startswith("---") and article.tokens[0].type != "front_matter":
        return  # (a rule first: what the translations above the next --- would make front
        # matter keeps the English, translate_markdown._reads_as_front_matter)
    assert structure(got) == structure(want)


@fuzz(200)
@given(article_text)
def test_translated_markdown_on_generated_markdown(text: str) -> None:
    assert_translated_markdown_reads_as_the_page(text)


@fuzz(100)
@given(st.text(max_size=400))
def test_translated_markdown_on_arbitrary_text(body: str) -> None:
    try:
        article = parse_article(normalise_newlines(body), "source/fuzz-article.md")
    except LocaliseError:
        return
    itself = {unit.msgid: unit.msgid for unit in segment(article)}
    assert translate_markdown(article, itself) == article.text
    translate_markdown(article, {unit.msgid: breaking(unit) for unit in segment(article)})


# --- regressions: crashes the fuzzers found, minimal inputs ----------------------------

def refusal(text: str) -> LocaliseError:
    with pytest.raises(LocaliseError) as caught:
        parse_article(text, "source/fuzz-article.md")
    return caught.value


def test_regression_impossible_date_is_a_front_matter_error() -> None:
    """``updated: 2025-13-40`` made PyYAML's date constructor raise ValueError: a crash
    ("internal error") instead of a message."""
    error = refusal("---\ntitle: t\ndescription: d\nupdated: 2025-13-40\nauthor: 0\n---\n")
    assert error.line == 2 and "month must be in 1..12" in error.message


def test_regression_nul_escape_in_front_matter() -> None:
    """``description: "\\0 nul"`` put a NUL in a msgid: gettext cuts the string there, so
    the template did not read back (and a translation could never match)."""
    error = refusal('---\ntitle: "quoted: text"\ndescription: "\\0 nul"\n'
                    "updated: 2025-11-18\nauthor: A\n---\n\n\n")
    assert error.line == 3 and "U+0000" in error.message


def test_regression_eot_in_the_body() -> None:
    """``0\\x04``: U+0004 separates msgctxt from msgid in gettext, so the template written
    for this article was rejected by read_po and msgfmt ("context separator <EOT>"). Now
    the character no catalog can hold is read as U+FFFD (as markdown-it reads NUL), and
    the article, which markdown-it can parse, is not refused."""
    for body in ("0\x04", "text\x00"):
        template = build_template(parse_article(VALID_FRONT + body, "source/fuzz-article.md"))
        assert list(template)[-1].msgid == body[:-1] + "\ufffd"


def test_regression_a_header_without_fields_reads_the_same_after_a_rewrite() -> None:
    """polib's test_ufeff.po with one byte gone: a header whose text has no ``Key: value``
    line was read as a header, written back as ``msgstr ""`` under its comment, and read
    again as an ordinary ``msgid ""`` entry, which ``update`` then kept twice."""
    data = (b'# test for pofile/mofile with ufeff\nmsgid ""\nmsgstr ""\n"Project-Id- django"\n'
            b'\nmsgid "foo"\nmsgstr "bar"\n')
    po = read_po(data, "ufeff.po")
    again = read_po(format_po(po).encode(), "ufeff.po")
    assert [(e.msgid, e.msgstr) for e in again] == [(e.msgid, e.msgstr) for e in po] == [
        ("foo", "bar")]
    assert again.header == po.header == "test for pofile/mofile with ufeff"
