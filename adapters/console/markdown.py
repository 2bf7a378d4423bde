"""The replies' small markdown subset made readable as plain text."""

import re

LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
CODE = re.compile(r"`([^`\n]+)`")
BULLET = re.compile(r"^(\s*)- ", re.MULTILINE)


def plain(text: str) -> str:
    """*bold*, _italic_ and `code` lose their marks; [label](url) becomes "label (url)"; bullets become "•"."""
    text = LINK.sub(r"\1 (\2)", text)
    text = CODE.sub(r"\1", text)
    text = BOLD.sub(r"\1", text)
    text = ITALIC.sub(r"\1", text)
    return BULLET.sub(r"\1• ", text)
