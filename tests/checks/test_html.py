"""markup-mismatch for HTML in messages, raw-html: real cases from Django, Wagtail,
django-allauth and Sphinx catalogs (benchmarks/eval_checks.py), and planted ones."""

import pytest

from .helpers import fails, passes

PLAIN = {"markdown": False}
DEBUG = ('You are seeing this page because <a href="https://docs.djangoproject.com/en/%(version)s/'
         'ref/settings/#debug" target="_blank" rel="noopener">DEBUG=True</a> is in your settings.')
META = ('If you are using the <meta name="referrer" content="no-referrer"> tag, remove it. '
        'Use alternatives like <a rel="noreferrer" …> for links.')


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        # Django fr: its documentation in the reader's language
        (DEBUG, DEBUG.replace("/en/", "/fr/").replace("You are seeing", "Vous voyez"), "fr"),
        # Sphinx pt_BR: its documentation in the reader's language
        ('Created using <a href="https://www.sphinx-doc.org/">Sphinx</a> %(v)s.',
         'Criada usando <a href="https://www.sphinx-doc.org/pt_BR/master">Sphinx</a> %(v)s.',
         "pt_BR"),
        # tags move, reader text in title/alt is translated
        ('Read <a href="/x" title="More">this</a> <em>now</em>.',
         'Lies <em>jetzt</em> <a title="Mehr" href="/x">das</a>.', "de"),
        # Django uk: the same link, words around it translated
        ("Search <em>%(q)s</em>", "Пошук <em>%(q)s</em>", "uk"),
        # Django uk: formatting the program renders, added around a word
        (DEBUG, DEBUG.replace("is in your settings", "<i>is</i> in your settings"), "uk"),
        # Django fr and others: "…" in prose showing a tag, typed as "..."
        (META, META.replace("…", "..."), "fr"),
        # Sphinx: words in brackets are no HTML
        ("<<original entry>>", "<<oryginalny wpis>>", "pl"),
        ("Usage: <command> [options]", "Uso: <comando> [opções]", "pt_BR"),
    ],
)
def test_kept_html_passes(source: str, target: str, lang: str) -> None:
    passes("markup-", source, target, lang, **PLAIN)
    passes("raw-html", source, target, lang, **PLAIN)


@pytest.mark.parametrize(
    ("source", "target", "lang", "says"),
    [
        # Django ar_DZ, allauth hr: quotes escaped inside the tag
        (DEBUG, DEBUG.replace('"', '\\"', 2), "ar", "escaped"),
        # allauth da: typographic quotes around the href
        ('proceed to <a href="%(login_url)s">sign in</a>.',
         "fortsæt til <a href=“%(login_url)s”>log ind</a>.", "da", "typographic"),
        # Django hsb, mr: the <meta …> dropped
        (META, "Jeli značku wužiwaće, wotstrońće ju. Wužiwajće <a rel=\"noreferrer\" …>.", "hsb",
         "missing <meta"),
        # Django mr: a tool's wrapper left in
        (DEBUG, "<text_to_translate>" + DEBUG + "</text_to_translate>", "mr", "text_to_translate"),
        # Django ko: tag names translated
        ("put <code>%(code)s</code> in", "<코드>%(code)s</코드> 를 입력", "ko", "missing <code>"),
        # a lookalike bracket
        ("put <code>%(code)s</code> in", "‹code>%(code)s</code> einfügen", "de", "lookalike"),
        # Wagtail ug: "</ em>" is no end tag
        ('the term "<em>giving</em>".', "«<em>ئىئانە</ em>»", "ug", "no end tag"),
        # Wagtail de: the translation keeps attributes the English no longer has
        ('Why not <a class="x" href="#tab-new" data-action="w-tabs#select">create one</a>?',
         'Warum nicht <a class="x" href="#tab-new" data-tab-trigger>neu erstellen</a>?', "de",
         "data-action"),
        # Wagtail sl: a bracket lost
        ('Why not <a href="%(url)s">add one</a>?', 'Zakaj ga ne bi a href="%(url)s">dodali</a>',
         "sl", "missing <a"),
        # a changed link target
        (DEBUG, DEBUG.replace("docs.djangoproject.com", "evil.example"), "de", "evil.example"),
    ],
)
def test_broken_changed_missing_or_added_tags_are_errors(source: str, target: str, lang: str,
                                                          says: str) -> None:
    assert says in fails("markup-mismatch", source, target, lang, **PLAIN)


def test_the_url_map_allows_the_languages_address() -> None:
    source = 'See <a href="https://example.org/leaflet">the leaflet</a>.'
    target = 'Siehe <a href="https://example.org/de/leaflet">das Merkblatt</a>.'
    fails("markup-mismatch", source, target, "de", **PLAIN)
    passes("markup-", source, target, "de", url_map={"https://example.org/leaflet":
                                                     "https://example.org/de/leaflet"}, **PLAIN)


def test_our_articles_allow_only_the_url_map_never_a_guessed_language_path() -> None:
    source = 'See <a href="https://example.org/en/leaflet">the leaflet</a>.'
    fails("markup-mismatch", source, source.replace("/en/", "/de/"), "de")


def test_html_the_source_does_not_have_is_raw_html() -> None:
    # on our pages HTML from a translation is escaped: any tag is raw-html
    fails("raw-html", "Rest well.", "Ruhen Sie sich <b>gut</b> aus.", "de")
    # any program's catalog: a closed text-level element is the program's to render
    # (Django marks its ordinals safe for French "{}<sup>e</sup>")
    passes("raw-html", "{}th", "{}<sup>e</sup>", "fr", **PLAIN)
    passes("raw-html", "Privacy changes apply.", "<b>Notatka:</b> zmiany.", "pl", **PLAIN)
    # but not what runs, links or is left open
    fails("raw-html", "Rest well.", "Ruhen <script>alert(1)</script>", "de", **PLAIN)
    fails("raw-html", "Rest well.", 'Gut <a href="https://x.example">hier</a>', "de", **PLAIN)
    fails("raw-html", "Step size %(n)s.", "<text_to_translate>Алхам %(n)s.</text_to_translate>",
          "mn", **PLAIN)


def test_html_the_source_writes_oddly_may_be_kept_as_it_is() -> None:
    """A translation that keeps the English's own broken tag (``</my uri>``, escaped
    quotes) changes nothing: no markup-mismatch for the source's oddity."""
    from .helpers import fails, passes

    passes("markup-mismatch", "</my uri>", "⟦</my uri>⟧", "en_GB")
    passes("markup-mismatch", '<a href="\\"">', 'Voir <a href="\\"">', "fr")
    assert "no end tag" in fails("markup-mismatch", "<b>x</b>", "<b>x</ b>", "fr")
