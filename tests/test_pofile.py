"""pofile against the real GNU gettext 0.21: msgcat for writing, msgfmt --check for checking.

The oracles run here (gettext is installed wherever the tests run): every corpus catalog
(``LOCALISE_PO_CORPUS``, default /work/shared/corpus/po-wild) is checked against msgfmt and
written back against msgcat, and every hand-made case is confirmed with the same tools.
"""

from __future__ import annotations

import doctest
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline.pofile
import pipeline.pofile.charset
import pipeline.pofile.check
import pipeline.pofile.grammar
import pipeline.pofile.linebreak
import pipeline.pofile.plain
import pipeline.pofile.read
import pipeline.pofile.write
from pipeline.errors import LocaliseError
from pipeline.pofile import CatalogProblem, check_po, format_po, msgstr_line, read_po

CORPUS = Path(os.environ.get("LOCALISE_PO_CORPUS", "/work/shared/corpus/po-wild"))
CORPUS_FILES = sorted(CORPUS.glob("*.po"))
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
PLURAL_HEADER = HEADER + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'

# Catalogs whose header holds what polib's model cannot (see the module docstring): the
# rest of the file must still come out exactly as msgcat writes it.
HEADER_LIMITS = {
    "polib__x__tests_test_obsolete_previousmsgid.po": "#: reference on the header",
    "polib__x__tests_test_unusual_metadata_location.po": "header is not the first entry",
    "sphinx__xx__tests_roots_test-intl_xx_LC_MESSAGES_refs.po": "single empty # line",
    "sphinx__xx__tests_roots_test-intl_xx_LC_MESSAGES_refs_python_domain.po": "single empty #",
}


def gettext_tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} (GNU gettext 0.21) must be installed: apt-get install gettext"
    return found


def msgfmt(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [gettext_tool("msgfmt"), "--check", "-o", os.devnull, str(path)],
        capture_output=True, text=True, errors="replace",
    )  # fmt: skip


def msgcat(path: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([gettext_tool("msgcat"), str(path)], capture_output=True)


def msgcat_text(text: str, tmp_path: Path, codec: str = "utf-8") -> str:
    path = tmp_path / "in.po"
    path.write_bytes(text.encode(codec))
    result = msgcat(path)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode(codec)


def blocks_without_header(text: str) -> set[str]:
    return {block.strip("\n") for block in text.split("\n\n") if 'msgid ""\nmsgstr' not in block}


def test_doctests() -> None:
    for module in (pipeline.pofile, pipeline.pofile.check, pipeline.pofile.read,
                   pipeline.pofile.write):
        assert doctest.testmod(module).failed == 0, module.__name__


# --- the corpus ------------------------------------------------------------------------


def test_corpus_is_there() -> None:
    assert len(CORPUS_FILES) == 200, f"expected the 200 po-wild catalogs in {CORPUS}"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_check_po_agrees_with_msgfmt(path: Path) -> None:
    problems = check_po(path.read_bytes(), path.name)
    verdict = msgfmt(path)
    assert (problems == ()) == (verdict.returncode == 0), (problems, verdict.stderr)


def test_check_po_agrees_with_the_manifest() -> None:
    manifest = (CORPUS / "MANIFEST.tsv").read_text("utf-8").splitlines()
    columns = manifest[0].split("\t")
    disagreements = []
    for row in manifest[1:]:
        record = dict(zip(columns, row.split("\t"), strict=True))
        data = (CORPUS / record["file"]).read_bytes()
        valid = check_po(data, record["file"]) == ()
        if valid != (record["msgfmt_check"] == "ok"):
            disagreements.append(record["file"])
    assert disagreements == []


def test_a_long_catalog_formatted_by_several_processes_is_what_msgcat_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The largest corpus catalog, formatted in forked chunks, byte for byte as msgcat."""
    path = max((p for p in CORPUS_FILES if p.name not in HEADER_LIMITS and msgcat(p).returncode == 0),
               key=lambda p: p.stat().st_size)
    po = read_po(path.read_bytes(), path.name)
    assert len(po) > 100
    monkeypatch.setattr(pipeline.pofile.write, "PARALLEL_ENTRIES", 10)
    written = format_po(po)
    assert written == msgcat(path).stdout.decode(po.encoding)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_format_po_writes_what_msgcat_writes(path: Path) -> None:
    reference = msgcat(path)
    if reference.returncode:
        assert msgfmt(path).returncode or b"charset" in reference.stderr
        return  # msgcat refuses this file (no charset, duplicates, syntax): nothing to match
    data = path.read_bytes()
    po = read_po(data, path.name)
    expected = reference.stdout.decode(po.encoding)
    written = format_po(po)
    if path.name in HEADER_LIMITS:
        assert written != expected
        assert blocks_without_header(written) == blocks_without_header(expected)
    else:
        assert written == expected


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_read_po_reads_what_msgfmt_accepts(path: Path) -> None:
    data = path.read_bytes()
    verdict = msgfmt(path)
    try:
        po = read_po(data, path.name)
    except LocaliseError as error:
        assert verdict.returncode, f"msgfmt accepts it, read_po says {error}"
        assert f"{path.name}:{error.line}:" in verdict.stderr
        return
    assert len(po) + bool(po.metadata) >= 1 or not data.strip()


# --- writing ---------------------------------------------------------------------------

WORLD = [
    "Permanent nerve damage can happen in 0.13 to 7.8 percent of cases, based on the "
    "surgery method, and the well-known risk/benefit balance (see https://example.org/"
    "spine/fusion?lang=en&ref=leaflet-2024) must be discussed with your surgeon first.",
    "Kalıcı sinir hasarı, ameliyat yöntemine bağlı olarak vakaların %0,13 ile %7,8'inde "
    "görülebilir; İstanbul'daki ekibimiz şeffaf, güvenilir ve çağdaş bir bakım sunar.",
    "Eine dauerhafte Nervenschädigung tritt je nach Operationsmethode in 0,13 % bis 7,8 % "
    "der Fälle auf – Größenverhältnisse und Übergrößenträger-Straße sind hier egal.",
    "Необратимое повреждение нервов возникает в 0,13–7,8 % случаев в зависимости от метода "
    "операции; электроэнцефалография и электронейромиография помогают оценить риск.",
    "يمكن أن يحدث تلف دائم في الأعصاب في 0.13 إلى 7.8 بالمئة من الحالات حسب طريقة الجراحة، "
    "ونحن في مستشفى ليف نقدم رعاية صحية متميزة للمرضى القادمين من الخارج.",
    "آسیب دائمی عصب در ۰٫۱۳ تا ۷٫۸ درصد موارد رخ می‌دهد و به روش جراحی بستگی دارد؛ "
    "ما در بیمارستان می‌خواهیم\u200e مراقبتی عالی\u061c و\u00a0پشتیبانی کامل ارائه کنیم.",
    "脊椎固定術は椎骨を結合させます。永続的な神経損傷は手術方法により症例の0.13～7.8％で"
    "起こり得ます。当院では海外からの患者様に最高水準の医療を提供しています。",
    "脊柱融合手术会将椎骨连接在一起。根据手术方式，永久性神经损伤的发生率为0.13%至7.8%，"
    "我们致力于为海外患者提供一流的医疗服务和支持。",
    "Use **bold** and _italic_, [the leaflet](https://x.y/z/a-very-long-path/with-many-"
    "segments/and-more.html) or `code-with-hyphens` — and don't forget “quotes”, 'single' "
    'and "double" ones, a back\\slash, a\ttab and 100% of the 50 %%-signs.',
    "First line\nSecond line that is long enough to need wrapping because it goes on and on "
    "and on beyond the page width\n\nafter an empty line\n",
    "Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword"
    " then short words.",
    "EMG/NCS, MRI-CT; 1/2-3/4 – 2020–2021 — A/B and/or x-y-z 10-20 % 12,5 % %7,8 0,13 %.",
]


def handmade_catalog() -> str:
    entries = [PLURAL_HEADER]
    for number, text in enumerate(WORLD):
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        escaped = escaped.replace("\t", "\\t")
        refs = " ".join(f"source/a-rather-long-article-name-{n}.md:{n * 37}" for n in range(6))
        entries.append(f'#. note {number}\n#: {refs}\nmsgid "{number}. {escaped}"\n'
                       f'msgstr "{escaped}"\n')  # fmt: skip
    entries.append('#, python-format, fuzzy, unknown-flag\nmsgid "%(count)s files in '
                   '%(folder.name)s are waiting to be processed by the background worker now"\n'
                   'msgstr "%(folder.name)s klasöründeki %(count)s dosya arka plan işçisi '
                   'tarafından işlenmeyi bekliyor ve bu biraz uzun sürebilir"\n')  # fmt: skip
    entries.append('#, c-format\nmsgid "Loaded %d of %s items from the cache at % d percent, '
                   'which is more than %5.2f percent"\nmsgstr "%d / %s öğe önbellekten yüklendi, '
                   'yüzde % d oranında; bu yüzde %5.2f değerinden fazladır"\n')  # fmt: skip
    entries.append('#, fuzzy\nmsgid "fuzzy but untranslated"\nmsgstr ""\n')
    entries.append('#, no-wrap\nmsgid "' + "no wrap " * 20 + '"\nmsgstr ""\n')
    entries.append('msgctxt "menu"\nmsgid "One file"\nmsgid_plural "%d files"\n'
                   'msgstr[0] "Bir dosya"\nmsgstr[1] "%d dosya"\n')  # fmt: skip
    entries.append('#~ msgid "obsolete and translated"\n#~ msgstr "eski"\n')
    entries.append('#~ msgid "obsolete and empty"\n#~ msgstr ""\n')
    entries.append('#| msgid "Previous text that was changed a little bit by the author of '
                   'the article"\nmsgid "Current text"\nmsgstr "Güncel metin"\n')  # fmt: skip
    return "\n".join(entries)


def test_format_po_matches_msgcat_on_many_scripts(tmp_path: Path) -> None:
    text = handmade_catalog()
    assert format_po(read_po(text.encode(), "hand.po")) == msgcat_text(text, tmp_path)


def po_string(text: str) -> str:
    return '"' + text.translate(str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n",
                                               "\t": "\\t"})) + '"'  # fmt: skip


@pytest.mark.parametrize("charset", ["UTF-8", "ISO-8859-15", "EUC-JP", "GBK", "CP1256"])
def test_format_po_matches_msgcat_on_random_text(charset: str, tmp_path: Path) -> None:
    """Seeded random entries mixing every script and punctuation above (300 per charset)."""
    codec = pipeline.pofile.charset._CHARSET_CODECS[charset] or "utf-8"
    words = " ".join(WORLD).replace("\n", " ").split(" ") + ["-", "/", "—", "«", "»", "\\"]
    words = [word for word in words if _encodable(word, codec)]
    rng = random.Random(charset)
    entries = [HEADER.replace("UTF-8", charset)]
    for number in range(300):
        value = "".join(rng.choice(words) + rng.choice(["", " ", " ", "\n", "-", "/"])
                        for _ in range(rng.randint(1, 45)))  # fmt: skip
        flag = rng.choice(["", "#, python-format\n", "#, c-format\n", "#, python-brace-format\n"])
        entries.append(f"{flag}msgid {po_string(f'{number} {value}')}\n"
                       f"msgstr {po_string(value[::-1][:120])}\n")  # fmt: skip
    text = "\n".join(entries)
    expected = msgcat_text(text, tmp_path, codec)
    assert format_po(read_po(text.encode(codec), "random.po")) == expected


def _encodable(word: str, codec: str) -> bool:
    """Encodable, and no byte of a multibyte character reads as a backslash or quote."""
    try:
        raw = word.encode(codec)
    except UnicodeEncodeError:
        return False
    ascii_specials = sum(word.count(ch) for ch in '\\"')
    return raw.count(b"\\") + raw.count(b'"') == ascii_specials and raw.decode(codec) == word


def test_short_and_multiline_strings() -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Short", msgstr="Kısa"))
    po.append(polib.POEntry(msgid="Two\nlines\n", msgstr=""))
    assert format_po(po).split("\n\n")[1:] == [
        'msgid "Short"\nmsgstr "Kısa"',
        'msgid ""\n"Two\\n"\n"lines\\n"\nmsgstr ""\n',
    ]


def test_long_lines_wrap_after_spaces_within_79_columns() -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=WORLD[0], msgstr=""))
    lines = format_po(po).split("\n\n")[1].splitlines()
    assert lines[:3] == [
        'msgid ""',
        '"Permanent nerve damage can happen in 0.13 to 7.8 percent of cases, based on "',
        '"the surgery method, and the well-known risk/benefit balance (see https://"',
    ]
    assert all(len(line) <= 79 for line in lines)


def test_no_break_inside_a_python_format_directive(tmp_path: Path) -> None:
    text = (HEADER + '\n#, python-format\nmsgid "x"\nmsgstr "' + "a" * 66
            + ' %(default.__name__)s bbbb."\n\nmsgid "y"\nmsgstr "' + "a" * 66
            + ' %(default.__name__)s bbbb."\n')  # fmt: skip
    written = format_po(read_po(text.encode(), "t.po"))
    assert '"%(default.__name__)s bbbb."' in written  # kept whole: python-format
    assert '%(default."\n"__name__)s' in written  # broken at "." like msgcat: no flag
    assert written == msgcat_text(text, tmp_path)


def test_references_wrap_and_drop_duplicates() -> None:
    entry = polib.POEntry(msgid="a", msgstr="b", occurrences=[
        ("./source/spinal-fusion-nerve-damage.md", "12"), ("source/x.md", "0034"),
        ("source/spinal-fusion-nerve-damage.md", "120"), ("source/x.md", "34"), ("README", ""),
    ])  # fmt: skip
    po = polib.POFile()
    po.append(entry)
    assert format_po(po) == (
        "#: source/spinal-fusion-nerve-damage.md:12 source/x.md:34\n"
        "#: source/spinal-fusion-nerve-damage.md:120 README\n"
        'msgid "a"\nmsgstr "b"\n'
    )


def test_flags_are_normalised_and_obsolete_entries_go_last() -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.metadata_is_fuzzy = True
    po.append(polib.POEntry(msgid="old", msgstr="eski", obsolete=True, flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="gone", msgstr="", obsolete=True))
    po.append(polib.POEntry(msgid="%s", msgstr="%s", flags=["python-format", "x", "fuzzy"]))
    po.append(polib.POEntry(msgid="new", msgstr="", flags=["fuzzy", "c-format"]))
    assert format_po(po) == (
        '#, fuzzy\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "%s"\nmsgstr "%s"\n\n'
        '#, c-format\nmsgid "new"\nmsgstr ""\n\n'
        '#, fuzzy\n#~ msgid "old"\n#~ msgstr "eski"\n'
    )


def test_a_catalog_without_messages_is_empty_text_like_msgcat(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    assert format_po(po) == "" == msgcat_text(HEADER, tmp_path)
    assert format_po(polib.POFile()) == ""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"),
                                               blacklist_characters="\x04"),
                        max_size=200), min_size=1, max_size=6))  # fmt: skip
def test_written_catalogs_read_back_and_are_stable(texts: list[str]) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, text in enumerate(texts):
        po.append(polib.POEntry(msgid=f"{number} {text}", msgstr=text, tcomment=text[:20]))
    written = format_po(po)
    again = read_po(written.encode(), "round.po")
    assert [(e.msgid, e.msgstr) for e in again] == [(e.msgid, e.msgstr) for e in po]
    assert format_po(again) == written


def test_a_comment_ending_in_a_backslash_cannot_swallow_the_next_line() -> None:
    po = polib.POFile()
    po.append(polib.POEntry(msgid="a", msgstr="b", tcomment="path C:\\", comment="x\\",
                            occurrences=[("dir\\", "")]))  # fmt: skip
    written = format_po(po)
    assert "# path C:\\ \n#. x\\ \n#: dir\\ \n" in written
    again = read_po(written.encode(), "x.po")[0]
    assert (again.msgid, again.tcomment, again.comment) == ("a", "path C:\\ ", "x\\ ")


# --- reading ---------------------------------------------------------------------------


def test_read_po_keeps_everything_polib_can_hold() -> None:
    text = (
        "# Turkish catalog\n#\n#, fuzzy\n" + HEADER + '"Language: tr\\n"\n\n'
        "# translator note\n#. extracted note\n#: a.md:3 b.md\n#, python-format\n"
        '#| msgid "old %(n)s"\nmsgctxt "ctx"\nmsgid "%(n)s file"\nmsgid_plural "%(n)s files"\n'
        'msgstr[0] "%(n)s dosya"\nmsgstr[1] "%(n)s dosya"\n\n#~ msgid "gone"\n#~ msgstr "yok"\n'
    )
    po = read_po(text.encode(), "tr.po")
    assert po.header == "Turkish catalog\n" and po.metadata_is_fuzzy
    assert po.metadata == {"Content-Type": "text/plain; charset=UTF-8", "Language": "tr"}
    entry, obsolete = po
    assert (entry.tcomment, entry.comment, entry.occurrences, entry.flags) == (
        "translator note", "extracted note", [("a.md", "3"), ("b.md", "")], ["python-format"])
    assert (entry.previous_msgid, entry.msgctxt, entry.msgid_plural) == (
        "old %(n)s", "ctx", "%(n)s files")
    assert entry.msgstr_plural == {0: "%(n)s dosya", 1: "%(n)s dosya"}
    assert (entry.linenum, msgstr_line(entry)) == (15, 17)
    assert obsolete.obsolete and obsolete.msgstr == "yok"


def test_bom_crlf_and_mixed_line_endings() -> None:
    text = HEADER + '\nmsgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n'
    crlf = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    mixed = text.replace('msgstr "b"\n', 'msgstr "b"\r\n').replace('"c"\n', '"c"\r\r\n').encode()
    old_mac = text.replace("\n", "\r").encode()
    for data in (crlf, mixed, old_mac):
        po = read_po(data, "x.po")
        assert [(e.msgid, e.msgstr, msgstr_line(e)) for e in po] == [("a", "b", 6), ("c", "d", 9)]
    assert check_po(crlf.removeprefix(b"\xef\xbb\xbf"), "x.po") == check_po(mixed, "x.po") == ()
    assert [problem.line for problem in check_po(crlf, "x.po")] == [1]  # the BOM, as msgfmt
    with pytest.raises(LocaliseError) as caught:
        read_po(text.replace('msgid "c"', 'msgid "c').replace("\n", "\r\n").encode(), "x.po")
    assert (caught.value.line, caught.value.message) == (8, "end-of-line within string")


def test_declared_charset_decodes_and_bad_bytes_name_their_line() -> None:
    latin9 = HEADER.replace("UTF-8", "ISO-8859-15") + '\nmsgid "Euro"\nmsgstr "\xa4 çok"\n'
    po = read_po(latin9.encode("latin-1"), "x.po")
    assert po[0].msgstr == "€ çok" and po.encoding == "iso8859-15"
    with pytest.raises(LocaliseError) as caught:
        read_po((HEADER + '\nmsgid "a"\nmsgstr "\xe7ok"\n').encode("latin-1"), "x.po")
    assert (caught.value.path, caught.value.line) == ("x.po", 6)
    assert "UTF-8" in caught.value.hint


def test_missing_or_placeholder_charset_falls_back_to_utf8() -> None:
    for header in ('msgid ""\nmsgstr "Project-Id-Version: x\\n"\n',
                   HEADER.replace("UTF-8", "CHARSET"), ""):  # fmt: skip
        po = read_po((header + '\nmsgid "a"\nmsgstr "ş"\n').encode(), "x.po")
        assert po[-1].msgstr == "ş"


def test_unknown_charset_names_the_content_type_line() -> None:
    text = ('msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n'
            '"Content-Type: text/plain; charset=KLINGON\\n"\n')
    with pytest.raises(LocaliseError, match="unknown charset 'KLINGON'") as caught:
        read_po(text.encode(), "x.po")
    assert caught.value.line == 4
    with pytest.raises(LocaliseError, match="not supported") as caught:
        read_po(HEADER.replace("UTF-8", "EUC-TW").encode(), "x.po")
    assert caught.value.line == 3


def test_empty_file_is_an_empty_catalog() -> None:
    po = read_po(b"", "empty.po")
    assert len(po) == 0 and po.metadata == {}
    assert read_po(b"# only a comment\n", "c.po").metadata == {}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (HEADER + '\nmsgid "a"\nmsgstr "b', 6, "end-of-file within string"),
        (HEADER + '\nmsgid "a"\n', 5, "missing 'msgstr' section"),
        (HEADER + '\nmsgid "a"\nmsgstr', 6, "syntax error"),
        (HEADER + '\nmsgid "a"\nmsgstr "\\q"\n', 6, "invalid control sequence"),
        (HEADER + '\nmsgid "a"\nmsgtsr "b"\n', 5, "missing 'msgstr' section"),
        (HEADER + '\nmsgid "a"\nmsgstr "b"\nmsgtsr "c"\n', 7, 'keyword "msgtsr" unknown'),
        (HEADER + '\nmsgid "a"\n#~ msgstr "b"\n', 6, "inconsistent use of #~"),
        (HEADER + '\ndomain "other"\n', 5, "'domain other' directive ignored"),
        (HEADER + '\n# see C:\\\nmsgid "a"\nmsgstr "b"\n', 7, "syntax error"),
    ],
)
def test_read_po_errors_carry_msgfmts_line(
    text: str, line: int, message: str, tmp_path: Path
) -> None:
    with pytest.raises(LocaliseError) as caught:
        read_po(text.encode(), "bad.po")
    assert (caught.value.path, caught.value.line, caught.value.message) == ("bad.po", line, message)
    assert caught.value.hint
    path = tmp_path / "bad.po"
    path.write_bytes(text.encode())
    shown = line + (message == "end-of-line within string")  # msgfmt names the next line
    assert f"bad.po:{shown}:" in msgfmt(path).stderr


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_catalog_or_a_localise_error(data: bytes) -> None:
    try:
        read_po(data, "random.po")
    except LocaliseError as error:
        assert error.path == "random.po" and error.line is not None and error.line >= 1
    assert all(problem.line >= 1 for problem in check_po(data, "random.po"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.binary(max_size=60))
def test_any_declared_charset_gives_a_catalog_or_a_localise_error(name: str, body: bytes) -> None:
    header = HEADER.replace("UTF-8", name.replace("\\", "").replace('"', "").replace("\n", ""))
    data = header.encode("utf-8", "surrogatepass") + b'\nmsgid "a"\nmsgstr "' + body + b'"\n'
    try:
        read_po(data, "charset.po")
    except LocaliseError as error:
        assert error.line is not None and error.line >= 1
    check_po(data, "charset.po")


PO_PIECES = [b'msgid "', b'msgstr "', b'msgstr[0] "', b'msgid_plural "', b'msgctxt "', b'#~ ',
             b'#| msgid "', b'#, fuzzy, python-format\n', b'"\n', b'\\', b'\\n', b'\n', b'\r\n',
             b'%(x)s', b'{0}', b'\xc3', b'\xa7', b'\xff', b'"Plural-Forms: nplurals=2; plural=n/0;\\n"\n',
             b'"Content-Type: text/plain; charset=UTF-8\\n"\n', b'charset=ISO-8859-9', b' ', b'#']  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PO_PIECES), max_size=40))
def test_po_like_junk_gives_a_catalog_or_a_localise_error(pieces: list[bytes]) -> None:
    data = b"".join(pieces)
    try:
        read_po(data, "junk.po")
    except LocaliseError as error:
        assert error.line is not None and error.line >= 1
    check_po(data, "junk.po")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CORPUS_FILES), st.floats(min_value=0, max_value=1))
def test_truncated_corpus_files_give_a_catalog_or_a_localise_error(path: Path, cut: float) -> None:
    data = path.read_bytes()
    data = data[: int(len(data) * cut)]
    try:
        read_po(data, path.name)
    except LocaliseError as error:
        assert error.line is not None and 1 <= error.line <= data.count(b"\n") + 1
    check_po(data, path.name)


def test_absurdly_long_numbers_are_read_like_c_not_crashed_on() -> None:
    digits = "9" * 5000
    text = (HEADER + f'"Plural-Forms: nplurals={digits}; plural=n%{digits};\\n"\n\n'
            f'#, range: 1..{digits}, c-format\n#: a.md:{digits} b.md : {digits}\n'
            f'msgid "%{digits}$d"\nmsgid_plural "x"\nmsgstr[{digits}] "y"\n')  # fmt: skip
    assert check_po(text.encode(), "x.po")[0].message == "first plural form has nonzero index"
    with pytest.raises(LocaliseError, match="nonzero index"):
        read_po(text.encode(), "x.po")


# --- checking --------------------------------------------------------------------------

TR = PLURAL_HEADER + '"Language: tr\\n"\n\n'

CHECK_CASES = {
    "syntax error": (TR + 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 9, "syntax error"),
    "missing msgstr": (TR + 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 7, "missing 'msgstr'"),
    "unterminated string": (TR + 'msgid "a"\nmsgstr "b\n', 8, "end-of-line within string"),
    "bad escape": (TR + 'msgid "a"\nmsgstr "\\d"\n', 8, "invalid control sequence"),
    "plural index": (TR + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "c"\n', 10,
                     "plural form has wrong index"),  # fmt: skip
    "invalid utf-8": (TR + 'msgid "a"\nmsgstr "\xff"\n', 8, "invalid multibyte sequence"),
    "context separator": (TR + 'msgid "a\\004"\nmsgstr "b"\n', 7, "<EOT>"),
    "duplicate": (TR + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 10,
                  "duplicate message definition (first definition at line 8)"),  # fmt: skip
    "no header": ('msgid "a"\nmsgstr "b"\n', 1, "PO file header missing or invalid"),
    "untranslated header": ('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n', 1,
                            "PO file header missing or invalid"),  # fmt: skip
    "plural without Plural-Forms": (HEADER + '\nmsgid "a"\nmsgid_plural "as"\n'
                                    'msgstr[0] "b"\nmsgstr[1] "c"\n', 7,
                                    'lacks a "plural=EXPRESSION" attribute'),  # fmt: skip
    "wrong number of forms": (TR + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n'
                              'msgstr[1] "c"\nmsgstr[2] "d"\n', 9, "has 3 plural forms"),  # fmt: skip
    "invalid plural expression": (HEADER + '"Plural-Forms: nplurals=2; plural=n !!= 1;\\n"\n', 2,
                                  "invalid plural expression"),  # fmt: skip
    "plural division by zero": (HEADER + '"Plural-Forms: nplurals=2; plural=n/(n-1);\\n"\n', 2,
                                "division by zero"),  # fmt: skip
    "plural out of range": (HEADER + '"Plural-Forms: nplurals=2; plural=n%3;\\n"\n', 2,
                            "values as large as 2"),  # fmt: skip
    "newline at the end": (TR + 'msgid "a\\n"\nmsgstr "b"\n', 8, "do not both end with '\\n'"),
    "c-format count": (TR + '#, c-format\nmsgid "%d of %s"\nmsgstr "%d"\n', 9,
                       "number of format specifications"),  # fmt: skip
    "c-format type": (TR + '#, c-format\nmsgid "%d"\nmsgstr "%s"\n', 9, "for argument 1"),
    "python-format name": (TR + '#, python-format\nmsgid "%(n)s files"\nmsgstr "dosyalar"\n', 9,
                           "argument 'n' doesn't exist in 'msgstr'"),  # fmt: skip
    "python-format tuple": (TR + '#, python-format\nmsgid "%(n)s"\nmsgstr "%s"\n', 9,
                            "expect a mapping"),  # fmt: skip
    "python-brace name": (TR + '#, python-brace-format\nmsgid "{name}"\nmsgstr "{isim}"\n', 9,
                          "argument 'name' doesn't exist"),  # fmt: skip
    "python-brace invalid": (TR + '#, python-brace-format\nmsgid "{a}"\nmsgstr "{a"\n', 9,
                             "not a valid Python brace format string"),  # fmt: skip
    "domain": (TR + 'domain "other"\n', 7, "'domain other' directive ignored"),
    "a BOM": ("\ufeff" + TR + 'msgid "a"\nmsgstr "b"\n', 1, "syntax error: the file starts with a "
              "UTF-8 byte order mark"),
}


@pytest.mark.parametrize("case", CHECK_CASES, ids=list(CHECK_CASES))
def test_check_po_finds_each_kind_of_problem_at_msgfmts_line(case: str, tmp_path: Path) -> None:
    text, line, fragment = CHECK_CASES[case]
    data = text.encode("latin-1" if "\xff" in text else "utf-8")
    problems = check_po(data, "x.po")
    assert problems and problems[0].line == line and fragment in problems[0].message, problems
    path = tmp_path / "x.po"
    path.write_bytes(data)
    verdict = msgfmt(path)
    assert verdict.returncode == 1
    shown = line + ("end-of-line" in fragment)  # msgfmt names the line after the string
    assert f"x.po:{shown}:" in verdict.stderr or (line == 1 and "header missing" in verdict.stderr)


def test_one_plural_formula_in_many_catalogs_is_judged_in_each_at_its_own_line() -> None:
    """A library's catalogs share a language's header, whose formula is evaluated once:
    each catalog still gets its own verdict at its own header line, and a catalog whose
    plural entries disagree with the formula's forms is told so, the others not."""
    bad = '"Plural-Forms: nplurals=2; plural=n%3;\\n"\n'
    russian = ('"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
               'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n')
    for padding in range(3):  # the header's line moves, the formula stays
        before = "# a translator's comment\n" * padding
        problems = check_po((before + HEADER + bad).encode(), "x.po")
        assert [(p.line, p.message) for p in problems] == [
            (2 + padding, "nplurals = 2 but plural expression can produce values as large as 2")]
        assert check_po((before + HEADER + russian + '\nmsgid "a"\nmsgstr "b"\n').encode(),
                        "x.po") == ()
    two_forms = (HEADER + russian + '\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n'
                 'msgstr[1] "c"\n')
    problems = check_po(two_forms.encode(), "x.po")
    assert [p.line for p in problems] == [8] and "only 2 plural forms" in problems[0].message


VALID_CASES = {
    "fuzzy entries are not checked": TR + '#, fuzzy, c-format\nmsgid "%d"\nmsgstr "%s"\n',
    "untranslated entries are not checked": TR + '#, c-format\nmsgid "%d\\n"\nmsgstr ""\n',
    "unknown charset only warns": HEADER.replace("UTF-8", "KLINGON") + '\nmsgid "a"\nmsgstr "b"\n',
    "missing charset only warns": 'msgid ""\nmsgstr "X: y\\n"\n\nmsgid "a"\nmsgstr "b"\n',
    "fuzzy header": "#, fuzzy\n" + TR + 'msgid "a"\nmsgstr "b"\n',
    "invalid bytes in a comment": TR + '# caf\xe9\nmsgid "a"\nmsgstr "b"\n',
    "relaxed plural forms": TR + '#, c-format\nmsgid "one file"\nmsgid_plural "%d files"\n'
    'msgstr[0] "bir dosya"\nmsgstr[1] "%d dosya"\n',
    "python-brace order and repeats": TR + '#, python-brace-format\nmsgid "{a} {b}"\n'
    'msgstr "{b} {a} {a}"\n',
    "python-format %% and width": TR + '#, python-format\nmsgid "%(n)5.1f%%"\nmsgstr "%%%(n)5.1f"\n',
    "obsolete duplicates of nothing": TR + '#~ msgid "a"\n#~ msgstr "b"\n',
}


@pytest.mark.parametrize("case", VALID_CASES, ids=list(VALID_CASES))
def test_check_po_accepts_what_msgfmt_accepts(case: str, tmp_path: Path) -> None:
    text = VALID_CASES[case]
    data = text.encode("latin-1" if "\xe9" in text else "utf-8")
    assert check_po(data, "x.po") == ()
    path = tmp_path / "x.po"
    path.write_bytes(data)
    assert msgfmt(path).returncode == 0


def test_problems_are_sorted_frozen_values() -> None:
    problems = check_po(b'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', "x")
    assert problems == (
        CatalogProblem(1, problems[0].message),
        CatalogProblem(4, "duplicate message definition (first definition at line 2)"),
    )
    with pytest.raises(AttributeError):
        problems[0].line = 2  # type: ignore[misc]


def test_random_format_strings_agree_with_msgfmt(tmp_path: Path) -> None:
    """Seeded random c/python/python-brace pairs, plural forms and ranges, line by line."""
    rng = random.Random(2024)
    pools = {
        "c-format": ["%s", "%d", "%ld", "%hhd", "%zu", "%5.2f", "%*d", "%1$s", "%2$d", "% d",
                     "%%", "%lc", "%m", "%<PRId64>", "%y", "%", "%Lf", "%p"],
        "python-format": ["%s", "%d", "%r", "%.0s", "%(n)s", "%(n)d", "%(m)s", "%%", "%y",
                          "%(n", "%*d", "% d"],
        "python-brace-format": ["{0}", "{1}", "{name}", "{x.y}", "{x[0]}", "{", "}", "{{",
                                "{0:>5}", "{0:{1}}", "{x.}", "{0:.2f}"],
    }  # fmt: skip
    lines = [TR.rstrip("\n").replace("nplurals=2; plural=(n != 1)",
             "nplurals=3; plural=n%10==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2"), ""]  # fmt: skip
    for number in range(400):
        flag = rng.choice(list(pools))

        def pick(flag: str = flag) -> str:
            return "".join(rng.choice(pools[flag]) + rng.choice(["", " ", "x "])
                           for _ in range(rng.randint(0, 3)))  # fmt: skip

        lines.append(f"#, {flag}{rng.choice(['', '', ', range: 1..1', ', fuzzy'])}")
        lines.append(f'msgid "{number} {pick()}"')
        if rng.random() < 0.4:
            lines.append(f'msgid_plural "{number} {pick()}"')
            lines += [f'msgstr[{form}] "{pick()}"' for form in range(3)]
        else:
            lines.append(f'msgstr "{pick()}"')
        lines.append("")
    text = "\n".join(lines)
    path = tmp_path / "formats.po"
    path.write_text(text, "utf-8")
    stderr = msgfmt(path).stderr
    reported = re.findall(r"^.*formats\.po:(\d+): (?!warning)", stderr, re.M)
    expected = {int(line) for line in reported}
    assert {problem.line for problem in check_po(text.encode(), "formats.po")} == expected


# The fast line breaker (class codes + regular expressions, per word) must find exactly the
# breaks of the character loop on every text it accepts; the loop stays the reference.
_BREAK_ALPHABET = (
    "abc XYZ-/,.;:!?()[]{}\"'%$+0123456789–—’“”«»… \t\u00a0ğüşıİöçабв،؟٫٪۱۲٠١پژکی\u200c"
)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_BREAK_ALPHABET, min_size=1, max_size=400), st.integers(0, 20))
def test_fast_line_breaks_agree_with_the_character_loop(text: str, column: int) -> None:
    escaped = text.translate(pipeline.pofile.write._ESCAPE_TABLE)
    prohibited = [False] * len(escaped)
    fast = pipeline.pofile.linebreak._fast_line_breaks(escaped, prohibited, 77, column, False)
    if fast is not None:
        assert fast == pipeline.pofile.linebreak._slow_line_breaks(escaped, prohibited, 77, column, False)


@pytest.mark.parametrize("path", CORPUS_FILES[::7], ids=lambda p: p.name[:60])
def test_read_and_check_in_one_parse_equals_reading_and_checking_apart(path: Path) -> None:
    data = path.read_bytes()
    try:
        alone = pipeline.pofile.read_po(data, path.name)
    except LocaliseError as error:
        with pytest.raises(LocaliseError) as caught:
            pipeline.pofile.read_and_check_po(data, path.name)
        assert (caught.value.line, caught.value.message) == (error.line, error.message)
        return
    together, problems = pipeline.pofile.read_and_check_po(data, path.name)
    assert problems == pipeline.pofile.check_po(data, path.name)
    assert pipeline.pofile.format_po(together) == pipeline.pofile.format_po(alone)
    assert [pipeline.pofile.msgstr_line(e) for e in together] == \
        [pipeline.pofile.msgstr_line(e) for e in alone]


def _checks_text(data: bytes) -> tuple[str, str, bool]:
    """The text, codec and ``undecodable`` with which check_po parses these bytes."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    charset, _ = pipeline.pofile.grammar._header_charset(data.decode("latin-1"))
    canonical = pipeline.pofile.charset._canonical_charset(charset) if charset else None
    codec = pipeline.pofile.charset._CHARSET_CODECS.get(canonical) if canonical else None
    return data.decode(codec or "latin-1", "surrogateescape"), codec or "latin-1", codec is not None


def test_the_plain_layout_fast_path_reads_as_the_grammar_does() -> None:
    """Every corpus and project catalog the fast path takes gives exactly the grammar's
    messages (strings, comments, references, flags, previous msgid, lines, token index);
    it takes all of ours and most of the corpus, so the comparison is not empty."""
    project = Path(__file__).resolve().parents[1] / "locales"
    ours = sorted(project.rglob("*.po"))
    taken = 0
    for path in [*CORPUS_FILES, *ours]:
        text, codec, undecodable = _checks_text(path.read_bytes())
        fast = pipeline.pofile.plain._parse_plain_layout(text)
        if fast is None:
            assert path not in ours, f"{path} should be in the plain layout"
            continue
        taken += 1
        assert fast == pipeline.pofile.grammar._parse_by_grammar(text, codec, undecodable=undecodable), path
    assert len(ours) >= 15 and taken >= len(ours) + 100


_PO_TEXT = st.text(st.sampled_from(list('ab ıé€ "\\\n\t\r\x07#:,.|~%{}[]0') + ["ا", "我"]),
                   max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(
    st.one_of(st.none(), _PO_TEXT), _PO_TEXT.filter(bool), _PO_TEXT, _PO_TEXT, _PO_TEXT,
    st.lists(st.tuples(st.sampled_from(["a.md", "b c.md", "x:y"]), st.sampled_from(["", "3", "40"])),
             max_size=3),
    st.lists(st.sampled_from(["fuzzy", "python-format", "c-format", "no-wrap"]), max_size=2),
    st.one_of(st.none(), _PO_TEXT.filter(bool)),
), max_size=8), st.data())
def test_the_fast_path_agrees_with_the_grammar_on_written_and_damaged_catalogs(
    entries: list, data: st.DataObject
) -> None:
    """Catalogs as format_po writes them (every kind of comment, escapes, previous msgids,
    contexts), then damaged by one random edit: the fast path either declines or reads
    exactly what the grammar reads."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    seen = set()
    for context, msgid, msgstr, comment, note, references, flags, previous in entries:
        if (context, msgid) in seen:
            continue
        seen.add((context, msgid))
        po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr, tcomment=comment,
                                comment=note, occurrences=references, flags=flags,
                                previous_msgid=previous if "fuzzy" in flags and msgstr else None))
    text = format_po(po)
    if text:
        fast = pipeline.pofile.plain._parse_plain_layout(text)
        assert fast is not None or "\r" in text  # a CR in a comment is written raw
        if fast is not None:
            assert fast == pipeline.pofile.grammar._parse_by_grammar(text, "utf-8", undecodable=True)
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        insert = data.draw(st.sampled_from(["", "\n", '"', "\\", " ", "#", "#~ ", "#| ", "msgid "]))
        damaged = text[:at] + insert + text[at + cut:]
        fast = pipeline.pofile.plain._parse_plain_layout(damaged)
        if fast is not None:
            assert fast == pipeline.pofile.grammar._parse_by_grammar(damaged, "utf-8", undecodable=True)


def test_the_header_with_text_wins_over_an_empty_one_before_it() -> None:
    """An empty commented ``msgid ""`` before the real header once became the header, and
    update then kept the real one (Language, Plural-Forms, charset) only as obsolete."""
    data = (b'# stray\nmsgid ""\nmsgstr ""\n\nmsgid ""\nmsgstr ""\n"Language: de\\n"\n'
            b'"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hi"\nmsgstr "Hallo"\n')
    po = read_po(data, "de.po")
    assert po.metadata["Language"] == "de"
    assert [(entry.msgid, entry.tcomment) for entry in po] == [("", "stray"), ("Hi", "")]
