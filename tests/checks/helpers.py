"""passes/fails helpers for check rules (as Translate Toolkit's check tests do).

``markdown=False`` checks the pair as any program's catalog holds it (plain text, HTML);
``flags`` are the entry's ``#,`` flags (``python-format``)."""

from markdown_it.token import Token

from pipeline.checks import Context, Entry, check_entry, parse_inline


def findings(source: str, target: str, lang: str, flags: tuple[str, ...] = (),
             **context: object) -> list[tuple[str, str]]:
    if context.get("markdown", True):
        entry = Entry(source, target, flags, parse_inline(source), parse_inline(target))
    else:
        entry = Entry(source, target, flags, (Token("text", "", 0, content=source),),
                      (Token("text", "", 0, content=target),))
    return list(check_entry(entry, Context(lang=lang, **context)))  # type: ignore[arg-type]


def ids(source: str, target: str, lang: str, **context: object) -> list[str]:
    return [finding_id for finding_id, _ in findings(source, target, lang, **context)]


def passes(rule_prefix: str, source: str, target: str, lang: str, **context: object) -> None:
    found = [f for f in findings(source, target, lang, **context) if f[0].startswith(rule_prefix)]
    assert found == [], f"unexpected {found} for {target!r} ({lang})"


def fails(rule_id: str, source: str, target: str, lang: str, **context: object) -> str:
    found = findings(source, target, lang, **context)
    messages = [message for finding_id, message in found if finding_id == rule_id]
    assert messages, f"expected {rule_id} for {target!r} ({lang}); got {found}"
    return messages[0]
