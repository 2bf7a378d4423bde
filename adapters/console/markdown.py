"""The replies' small markdown subset made readable as plain text."""

import re

from domain.replies import ESCAPED

LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
CODE = re.compile(r"`([^`\n]+)`")
BULLET = re.compile(r"^(\s*)- ", re.MULTILINE)
LITERAL = re.compile(r"\x01(\d+)\x01")


def plain(text: str) -> str:
    """*bold*, _italic_ and `code` lose their marks; [label](url) becomes "label (url)"; bullets become "•";
    an escaped mark (domain.replies.literal) stays as the character."""
    literals: list[str] = []

    def keep_literal(match: re.Match[str]) -> str:
        literals.append(match.group(1))
        return f"\x01{len(literals) - 1}\x01"

    text = ESCAPED.sub(keep_literal, text.replace("\x01", ""))
    text = LINK.sub(r"\1 (\2)", text)
    text = CODE.sub(r"\1", text)
    text = BOLD.sub(r"\1", text)
    text = ITALIC.sub(r"\1", text)
    text = BULLET.sub(r"\1• ", text)
    return LITERAL.sub(lambda match: literals[int(match.group(1))], text)
