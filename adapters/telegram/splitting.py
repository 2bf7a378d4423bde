"""Long Telegram HTML split into messages within the 4096-character limit, never breaking a tag or an entity.

Cuts fall at the last paragraph break that fits, else the last line break, else the last space, else
anywhere between characters. Tags still open at a cut are closed at the end of that part and opened
again at the start of the next, so every part is well-formed on its own.
"""

import re
from dataclasses import dataclass

MESSAGE_LIMIT = 4096
# A tag, an entity or a single character: the pieces a cut may fall between.
_ATOM = re.compile(r"<[^>]*>|&#?\w+;|.", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9-]+)")


def telegram_length(text: str) -> int:
    """Telegram counts UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class _Atom:
    text: str
    size: int
    # 3 after a blank line, 2 after a line break, 1 after a space, 0 elsewhere: how good a cut after it is.
    cut_quality: int


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Parts of at most `limit` characters each (tags included), each with balanced tags; no empty parts."""
    if telegram_length(text) <= limit:
        return [text] if text.strip() else []
    atoms = _atoms(text)
    parts: list[str] = []
    open_tags: list[str] = []
    start = 0
    while start < len(atoms):
        end, open_at_end = _cut(atoms, start, open_tags, limit)
        body = "".join(atom.text for atom in atoms[start:end])
        part = "".join(open_tags) + body.strip("\n ") + "".join(_closing(tag) for tag in reversed(open_at_end))
        if _visible(part).strip():
            parts.append(part)
        open_tags, start = open_at_end, end
    return parts


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for match in _ATOM.finditer(text):
        piece = match.group()
        quality = 0
        if piece == "\n":
            quality = 3 if atoms and atoms[-1].text == "\n" else 2
        elif piece == " ":
            quality = 1
        atoms.append(_Atom(piece, telegram_length(piece), quality))
    return atoms


def _cut(atoms: list[_Atom], start: int, open_tags: list[str], limit: int) -> tuple[int, list[str]]:
    """Where the part starting at `start` ends, and the tags open there.

    The best kind of cut wins when it keeps at least half the limit; otherwise a lesser kind further on.
    """
    stack = list(open_tags)
    size = sum(telegram_length(tag) for tag in stack)
    rightmost: dict[int, tuple[int, int, list[str]]] = {}  # quality -> (end, size, tags open at end)
    index = start
    while index < len(atoms):
        atom = atoms[index]
        next_stack = _after(stack, atom.text)
        closing = sum(telegram_length(_closing(tag)) for tag in next_stack)
        if size + atom.size + closing > limit:
            break
        size += atom.size
        stack = next_stack
        index += 1
        rightmost[atom.cut_quality] = (index, size, list(stack))
    if index == len(atoms):
        return index, stack
    if not rightmost:
        raise ValueError(f"a single tag or entity is longer than the message limit of {limit}")
    for quality in sorted(rightmost, reverse=True):
        end, kept, tags = rightmost[quality]
        if kept >= limit // 2:
            return end, tags
    end, _, tags = rightmost[max(rightmost)]
    return end, tags


def _after(stack: list[str], piece: str) -> list[str]:
    if not piece.startswith("<") or len(piece) < 3:
        return stack
    name = _TAG_NAME.match(piece)
    if name is None:
        return stack
    if piece.startswith("</"):
        for depth in range(len(stack) - 1, -1, -1):
            if _name(stack[depth]) == name.group(1).lower():
                return stack[:depth]
        return stack
    return [*stack, piece]


def _name(opening_tag: str) -> str:
    match = _TAG_NAME.match(opening_tag)
    return match.group(1).lower() if match else ""


def _closing(opening_tag: str) -> str:
    return f"</{_name(opening_tag)}>"


def _visible(part: str) -> str:
    return re.sub(r"<[^>]*>", "", part)
