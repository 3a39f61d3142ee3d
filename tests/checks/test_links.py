"""url-changed, markup-mismatch, raw-html: read from the parsed Markdown."""

import pytest

from .helpers import fails, passes

LINK = "See [the study](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC10423077)."


def test_translated_link_text_with_the_same_target_passes() -> None:
    passes("url-", LINK, "Siehe [die Studie](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC10423077).", "de")


def test_changed_absolute_target_is_caught() -> None:
    fails("url-changed", LINK, "Siehe [die Studie](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1042307).", "de")


def test_relative_targets_and_anchors_are_compared_too() -> None:
    fails("url-changed", "Read [the FAQ](#faq).", "Lesen Sie die [FAQ](#haeufige-fragen).", "de")
    fails("url-changed", "Read [this](../other/).", "Lesen Sie [dies](../andere/).", "de")


def test_a_link_added_by_the_translation_is_caught() -> None:
    fails("url-changed", "See a doctor.", "Gehen Sie zu [einem Arzt](https://example.com).", "de")


def test_javascript_link_in_a_translation_is_caught() -> None:
    fails("url-changed", LINK, "[die Studie](javascript:alert(1))", "de")


def test_url_map_allows_the_language_version() -> None:
    mapped = {"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC10423077": "https://example.org/de/study"}
    passes("url-", LINK, "Siehe [die Studie](https://example.org/de/study).", "de", url_map=mapped)


def test_markup_may_move_but_not_change() -> None:
    source = "Call **at once** if you have *new* weakness."
    passes("markup-", source, "Bei *neuer* Schwäche **sofort** anrufen.", "de")
    fails("markup-mismatch", source, "Bei neuer Schwäche **sofort** anrufen.", "de")
    fails("markup-mismatch", source, "Bei *neuer* Schwäche *sofort* anrufen.", "de")


def test_code_spans_must_keep_their_content() -> None:
    fails("markup-mismatch", "Run `localise build`.", "Führen Sie `localise bauen` aus.", "de")


def test_turkish_percent_is_not_a_format_directive() -> None:
    passes("markup-", "About 20% of patients.", "Hastaların yaklaşık %20’si.", "tr")


def test_raw_html_in_a_translation_is_an_error() -> None:
    fails("raw-html", "Rest well.", "Ruhen Sie sich <script>alert(1)</script> aus.", "de")
    fails("raw-html", "Rest well.", 'Gut <img src=x onerror="alert(1)"> ausruhen.', "de")
    passes("raw-html", "Rest well.", "Ruhen Sie sich gut aus (5 < 7).", "de")
    passes("raw-html", "Run `<div>` here.", "Führen Sie `<div>` hier aus.", "de")


PLAIN = {"markdown": False}


def test_addresses_written_in_text_are_compared_like_link_targets() -> None:
    source = "For more information, visit https://www.sphinx-doc.org/."
    passes("url-", source, "Para máis información, visite https://www.sphinx-doc.org/.", "gl", **PLAIN)
    fails("url-changed", source, "Visite https://www.sphinx-doc.com/.", "gl", **PLAIN)
    fails("url-changed", "Write to help@example-hospital.org.", "Schreiben Sie an hilfe@example.org.",
          "de", **PLAIN)
    # the same address as a Markdown autolink in the source: still the same address
    passes("url-", "Visit <https://www.spine.md/>.", "Besuchen Sie <https://www.spine.md/>.", "de")


@pytest.mark.parametrize(
    "target",
    [
        'un URL que comience con un esquema como "https: //".',    # Django es
        "un URL completo che inizia con https:/www.example.org",
    ],
)
def test_a_typo_that_breaks_an_address_is_url_changed(target: str) -> None:
    source = 'a full URL starting with a scheme such as “https://”.'
    assert "broken" in fails("url-changed", source, target, "es", **PLAIN)


def test_examples_and_the_languages_documentation_may_differ() -> None:
    # Wagtail fi, zh_Hant: an example address with a hole to fill in
    passes("url-", "as in URLs e.g http://domain.com/blog/[my-slug]/",
           "esim. http://domain.com/blog/[polkutunnus]/", "fi", **PLAIN)
    passes("url-", "as in URLs e.g http://domain.com/blog/[my-slug]/",
           "pl. http://domain.com/blog/[oldal domain-darabkája]/", "hu", **PLAIN)
    passes("url-", "as in URLs e.g http://domain.com/blog/[my-slug]/",
           "feks. http://domene.no/blogg/min-slug/", "nb", **PLAIN)
    # any program's catalog: its documentation in the reader's language
    passes("url-", "See https://docs.djangoproject.com/en/5.2/topics/i18n/",
           "Voir https://docs.djangoproject.com/fr/5.2/topics/i18n/", "fr", **PLAIN)
    fails("url-changed", "See https://docs.djangoproject.com/en/5.2/topics/i18n/",
          "Voir https://docs.djangoproject.com/de/5.2/topics/i18n/", "fr", **PLAIN)


def test_the_words_right_after_an_autolink_are_no_part_of_its_address() -> None:
    """CJK and a pseudo-translation put text right after a link: ``<https://x.org>を参照``
    read as the written address ``https://x.orgを参照`` once was a url-changed error."""
    from .helpers import passes

    passes("url-changed", "See <https://foo.bar/?q=**>.", "<https://foo.bar/?q=**>を参照。", "ja")
    passes("url-changed", "<https://foo.bar/?q=__>", "⟦<https://foo.bar/?q=__>⟧", "en_GB")
