"""Our markdown subset as Telegram HTML: *bold*, _italic_, `code`, [label](url), "- " bullets; all else escaped.

A backslash-escaped mark (domain.replies.literal) is the character itself, never markup, even inside bold.

Every line is converted on its own and always comes out with balanced tags, so a message may be split at
any line boundary. Markers that do not pair up within a line stay as literal characters.
"""

import html
import re

from domain.replies import ESCAPED

# A code span or a link is converted first and kept opaque (a placeholder) while emphasis is applied around it.
_CODE_OR_LINK = re.compile(r"`(?P<code>[^`\n]+)`|\[(?P<label>[^\[\]\n]+)\]\((?P<url>[^()\s]+)\)")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)(?P<inner>[^*]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)(?P<inner>[^_]*?\S)_(?![\w_])")
_TAG = re.compile(r"(<[^>]*>)")
_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
# An escaped character, kept out of every pattern until the line is done (input never holds \x01: _CONTROL).
_LITERAL = re.compile(r"\x01(\d+)\x01")
_SAFE_URL = re.compile(r"^(https?://|tg://|mailto:)[^\s\"<>]+$", re.IGNORECASE)
_BULLET = re.compile(r"^(\s*)- +")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def to_html(markdown: str) -> str:
    """Telegram HTML (parse_mode=HTML) for text in our markdown subset."""
    text = _CONTROL.sub("", markdown.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(_line_to_html(line) for line in text.split("\n"))


def to_plain(telegram_html: str) -> str:
    """The visible text of Telegram HTML, for when a platform rejects the markup."""
    return html.unescape(_TAG.sub("", telegram_html))


def escape(text: str) -> str:
    """Plain text made safe for Telegram HTML."""
    return html.escape(text, quote=False)


def is_safe_url(url: str) -> bool:
    return bool(_SAFE_URL.match(url))


def _line_to_html(line: str) -> str:
    bullet = _BULLET.match(line)
    if bullet:
        line = f"{bullet.group(1)}• {line[bullet.end() :]}"
    opaque: list[str] = []
    literals: list[str] = []

    def keep(match: re.Match[str]) -> str:
        opaque.append(_code_or_link(match))
        return f"\x00{len(opaque) - 1}\x00"

    def keep_literal(match: re.Match[str]) -> str:
        literals.append(escape(match.group(1)))
        return f"\x01{len(literals) - 1}\x01"

    line = ESCAPED.sub(keep_literal, line)
    escaped = escape(_CODE_OR_LINK.sub(keep, line))
    formatted = _PLACEHOLDER.sub(lambda match: opaque[int(match.group(1))], _emphasis(escaped))
    return _LITERAL.sub(lambda match: literals[int(match.group(1))], formatted)


def _code_or_link(match: re.Match[str]) -> str:
    if match.group("code") is not None:
        return f"<code>{escape(match.group('code'))}</code>"
    label, url = match.group("label"), match.group("url")
    if not is_safe_url(url):
        return escape(f"{label} ({url})")
    return f'<a href="{html.escape(url, quote=True)}">{_emphasis(escape(label))}</a>'


def _emphasis(escaped: str) -> str:
    """Bold, then italic only inside text between tags, so the tags always nest properly."""
    bolded = _BOLD.sub(lambda match: f"<b>{match.group('inner')}</b>", escaped)
    parts = _TAG.split(bolded)
    return "".join(
        part if part.startswith("<") else _ITALIC.sub(lambda match: f"<i>{match.group('inner')}</i>", part)
        for part in parts
    )
