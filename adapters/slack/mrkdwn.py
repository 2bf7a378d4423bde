"""Our markdown subset to Slack mrkdwn, and cutting mrkdwn without breaking a link or an entity.

*bold*, _italic_ and `code` are spelled the same in mrkdwn; links become <url|label>; "- " bullets
become "•"; &, < and > are escaped everywhere else, as Slack requires.

mrkdwn has no escape of its own: a backslash-escaped mark (domain.replies.literal), and any ~ (strikethrough in
mrkdwn, not in our subset), is sent between zero-width spaces, which keep Slack from reading it as formatting
whether it counts them as word characters or as spaces.
"""

import re

from domain.replies import ESCAPED

LINK_OR_CODE = re.compile(r"\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]+)\)|`(?P<code>[^`\n]*)`")
BULLET = re.compile(r"^(\s*)- ", re.MULTILINE)
# Where a cut may not fall: inside <...> (a link) or &...; (an escaped character).
OPEN_LINK = re.compile(r"<[^>]*$")
OPEN_ENTITY = re.compile(r"&[a-z]*$")
LITERAL = re.compile(r"\x01(\d+)\x01")
ZERO_WIDTH_SPACE = "\u200b"
FORMATTING = frozenset("*_`~")


def escape(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("~", f"{ZERO_WIDTH_SPACE}~{ZERO_WIDTH_SPACE}")


def shown_as_is(character: str) -> str:
    if character in FORMATTING:
        return f"{ZERO_WIDTH_SPACE}{character}{ZERO_WIDTH_SPACE}"
    return escape(character)


def link_url(url: str) -> str:
    """A URL as it may stand inside <...|...>: escaped, and no bar or angle bracket to end it early."""
    return escape(url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E"))


def link(url: str, label: str) -> str:
    return f"<{link_url(url)}|{escape(label)}>"


def to_mrkdwn(markdown: str) -> str:
    literals: list[str] = []

    def keep_literal(match: re.Match[str]) -> str:
        literals.append(shown_as_is(match.group(1)))
        return f"\x01{len(literals) - 1}\x01"

    markdown = ESCAPED.sub(keep_literal, markdown.replace("\x01", ""))
    out: list[str] = []
    position = 0
    for match in LINK_OR_CODE.finditer(markdown):
        out.append(escape(markdown[position : match.start()]))
        if match["code"] is not None:
            out.append(f"`{escape(match['code'])}`")
        else:
            out.append(link(match["url"], match["label"]))
        position = match.end()
    out.append(escape(markdown[position:]))
    mrkdwn = BULLET.sub(r"\1• ", "".join(out))
    return LITERAL.sub(lambda match: literals[int(match.group(1))], mrkdwn)


def safe_cut(text: str, limit: int) -> int:
    """The largest index <= limit where `text` may be cut: after a paragraph, a line or a word if possible."""
    if len(text) <= limit:
        return len(text)
    window = text[:limit]
    for separator in ("\n\n", "\n", " "):
        at = window.rfind(separator)
        if at > limit // 2:
            window = window[: at + len(separator)]
            break
    for unfinished in (OPEN_LINK, OPEN_ENTITY):
        match = unfinished.search(window)
        if match is not None and match.start() > 0:
            window = window[: match.start()]
    return len(window)


def split(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at safe places; no piece is empty."""
    pieces: list[str] = []
    while text:
        cut = safe_cut(text, limit)
        piece, text = text[:cut], text[cut:]
        if piece.strip():
            pieces.append(piece.rstrip("\n") or piece)
    return pieces


def truncate(text: str, limit: int) -> str:
    """Plain text shortened to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
