"""A typed reply to a question with options: its number as shown (1 is the first) or its words.

Words match case- and accent-insensitively, whole or as the start of exactly one option; True/False also
take yes/no. Anything else matches nothing, and the trainee is asked again with the same options.
"""

import unicodedata

YES_NO = {"yes": 0, "y": 0, "no": 1, "n": 1}


def folded(text: str) -> str:
    """Lower case, accents dropped, inner spacing collapsed, surrounding punctuation trimmed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(plain.split()).strip(" .,;:!?\"'")


def typed_position(typed: str, options: list[str], *, true_false: bool = False) -> int | None:
    """The shown position (0 is the first) that the typed text picks; None when it picks none or several."""
    wanted = folded(typed)
    if not wanted:
        return None
    if wanted.isdecimal():
        number = int(wanted)
        return number - 1 if 1 <= number <= len(options) else None
    if true_false and wanted in YES_NO:
        return YES_NO[wanted]
    shown = [folded(option) for option in options]
    exact = [position for position, option in enumerate(shown) if option == wanted]
    if len(exact) == 1:
        return exact[0]
    starting = [position for position, option in enumerate(shown) if option.startswith(wanted)]
    return starting[0] if len(starting) == 1 else None
