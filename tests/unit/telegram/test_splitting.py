import pytest

from adapters.telegram.markup import to_html
from adapters.telegram.splitting import MESSAGE_LIMIT, split_html, telegram_length
from tests.support.fake_telegram import parse_html


def visible(parts: list[str]) -> str:
    return "".join(parse_html(part)[0] for part in parts)


def test_a_short_text_is_one_part() -> None:
    assert split_html("<b>hi</b>") == ["<b>hi</b>"]


def test_an_empty_text_has_no_parts() -> None:
    assert split_html(" \n ") == []


def test_long_text_is_split_at_paragraph_breaks_within_the_limit() -> None:
    paragraphs = [f"Paragraph {n}: " + "word " * 150 for n in range(12)]
    html = to_html("\n\n".join(paragraphs))
    parts = split_html(html)
    assert len(parts) > 1
    assert all(telegram_length(part) <= MESSAGE_LIMIT for part in parts)
    assert all(part.startswith("Paragraph") for part in parts)


def test_a_line_longer_than_the_limit_is_split_at_spaces() -> None:
    parts = split_html("word " * 2000)
    assert all(telegram_length(part) <= MESSAGE_LIMIT for part in parts)
    assert all(part.endswith("word") and part.startswith("word") for part in parts)


def test_formatting_open_at_a_cut_is_closed_and_reopened() -> None:
    html = '<b>bold <a href="https://x.io/?a=1&amp;b=2">' + "link text " * 30 + "</a> end</b>"
    parts = split_html(html, limit=120)
    for part in parts:
        parse_html(part)  # well-formed on its own
        assert part.startswith("<b>")
        assert part.endswith("</b>")
    assert all('<a href="https://x.io/?a=1&amp;b=2">' in part for part in parts[1:-1])


def test_entities_are_never_cut_in_half() -> None:
    parts = split_html("&amp;&lt;&gt;" * 40, limit=50)
    assert visible(parts) == "&<>" * 40
    for part in parts:
        parse_html(part)


def test_text_without_any_break_is_cut_between_characters() -> None:
    parts = split_html("x" * 10_000)
    assert [len(part) for part in parts] == [4096, 4096, 1808]


def test_no_visible_text_is_lost_except_the_whitespace_at_cuts() -> None:
    source = to_html("\n".join(f"- item *{n}* with `code {n}` & more text" for n in range(400)))
    parts = split_html(source)
    assert len(parts) > 1
    joined = visible(parts).replace("\n", "").replace(" ", "")
    assert joined == parse_html(source)[0].replace("\n", "").replace(" ", "")


def test_length_counts_utf16_code_units_as_telegram_does() -> None:
    assert telegram_length("😀") == 2
    parts = split_html("😀" * 3000)
    assert all(telegram_length(part) <= MESSAGE_LIMIT for part in parts)


@pytest.mark.parametrize("limit", [48, 64, 333, 4096])
def test_every_part_is_within_any_limit_and_well_formed(limit: int) -> None:
    html = to_html(("*Bold words* and _italic_ and [a link](https://example.org) & `x<y`\n" * 60).strip())
    parts = split_html(html, limit)
    for part in parts:
        assert telegram_length(part) <= limit
        parse_html(part)
