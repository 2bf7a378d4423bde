import pytest

from adapters.slack.mrkdwn import safe_cut, split, to_mrkdwn, truncate
from domain.replies import literal


def test_bold_italic_and_code_keep_their_spelling() -> None:
    assert to_mrkdwn("*Security* is _everyone's_ job: run `make test`") == (
        "*Security* is _everyone's_ job: run `make test`"
    )


def test_a_link_becomes_a_slack_link() -> None:
    assert to_mrkdwn("Read [the policy](https://example.com/policy) first") == (
        "Read <https://example.com/policy|the policy> first"
    )


def test_ampersands_and_angle_brackets_are_escaped() -> None:
    assert to_mrkdwn("if a < b && b > c") == "if a &lt; b &amp;&amp; b &gt; c"


def test_text_that_looks_like_a_slack_link_or_mention_is_shown_not_interpreted() -> None:
    assert to_mrkdwn("<!channel> <@U123> <https://evil|click>") == (
        "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|click&gt;"
    )


def test_a_link_label_and_url_are_escaped_and_cannot_end_the_link_early() -> None:
    assert to_mrkdwn("[Q&A <new>](https://example.com/?a=1&b=2|x>y)") == (
        "<https://example.com/?a=1&amp;b=2%7Cx%3Ey|Q&amp;A &lt;new&gt;>"
    )


def test_code_is_escaped_but_a_link_inside_it_stays_literal() -> None:
    assert to_mrkdwn("`[x](https://y) <tag>`") == "`[x](https://y) &lt;tag&gt;`"


def test_bullets_become_bullet_points() -> None:
    assert to_mrkdwn("Steps:\n- read\n  - nested\n-not a bullet") == "Steps:\n• read\n  • nested\n-not a bullet"


def test_a_short_text_is_one_piece() -> None:
    assert split("hello", 3000) == ["hello"]


def test_a_long_text_is_split_at_paragraphs_within_the_limit() -> None:
    paragraphs = [f"Paragraph {n}. " + "word " * 100 for n in range(20)]

    pieces = split("\n\n".join(paragraphs), 3000)

    assert len(pieces) > 1
    assert all(len(piece) <= 3000 for piece in pieces)
    assert all(piece.startswith("Paragraph") for piece in pieces)
    assert "".join(pieces).replace("\n", "").replace(" ", "") == "".join(paragraphs).replace(" ", "")


def test_a_cut_never_falls_inside_a_link() -> None:
    text = "x" * 2990 + " <https://example.com/long/path|label> tail"

    pieces = split(text, 3000)

    assert pieces[1].startswith("<https://example.com/long/path|label>")
    assert all(piece.count("<") == piece.count(">") for piece in pieces)


def test_a_cut_never_falls_inside_an_escaped_character() -> None:
    text = "y" * 2998 + "&amp;z"

    cut = safe_cut(text, 3000)

    assert text[cut:].startswith("&amp;")


def test_a_word_longer_than_the_limit_is_cut_hard() -> None:
    pieces = split("z" * 7000, 3000)

    assert [len(piece) for piece in pieces] == [3000, 3000, 1000]


@pytest.mark.parametrize(("text", "limit", "expected"), [("short", 75, "short"), ("abcdef", 4, "abc…")])
def test_truncating_keeps_within_the_limit_with_an_ellipsis(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected


ZWSP = "\u200b"


def test_a_name_with_markup_put_in_with_literal_is_not_formatted() -> None:
    mrkdwn = to_mrkdwn(f"Welcome to LearnBot, {literal('*bold* _i_')}!")
    # Every star and underscore of the name sits between zero-width spaces: no bold, no italic in Slack.
    assert mrkdwn == f"Welcome to LearnBot, {ZWSP}*{ZWSP}bold{ZWSP}*{ZWSP} {ZWSP}_{ZWSP}i{ZWSP}_{ZWSP}!"
    assert mrkdwn.replace(ZWSP, "") == "Welcome to LearnBot, *bold* _i_!"


def test_a_title_inside_our_bold_keeps_the_bold_and_shows_its_own_marks() -> None:
    mrkdwn = to_mrkdwn(f"*{literal('Use *strong* pass_words')}* done")
    assert mrkdwn.startswith("*Use ")
    assert mrkdwn.endswith("* done")
    assert mrkdwn.replace(ZWSP, "") == "*Use *strong* pass_words* done"
    assert "*strong*" not in mrkdwn


def test_brackets_and_backslashes_of_a_literal_are_shown_not_made_a_link() -> None:
    assert to_mrkdwn(literal(r"[x](https://e.example) a\b `c`")).replace(ZWSP, "") == r"[x](https://e.example) a\b `c`"


def test_a_tilde_never_strikes_through() -> None:
    assert to_mrkdwn("~gone~") == f"{ZWSP}~{ZWSP}gone{ZWSP}~{ZWSP}"
