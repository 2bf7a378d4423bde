from adapters.telegram.markup import to_html, to_plain
from domain.replies import literal
from tests.support.fake_telegram import parse_html


def test_bold_italic_and_code_become_telegram_tags() -> None:
    assert to_html("*Well done* on _module 2_, see `quiz.md`") == (
        "<b>Well done</b> on <i>module 2</i>, see <code>quiz.md</code>"
    )


def test_html_special_characters_in_text_are_escaped() -> None:
    assert to_html("a <b> & c > d") == "a &lt;b&gt; &amp; c &gt; d"


def test_markup_inside_code_is_shown_literally() -> None:
    assert to_html("`<i>*not bold*</i> & co`") == "<code>&lt;i&gt;*not bold*&lt;/i&gt; &amp; co</code>"


def test_links_with_web_addresses_become_anchors_with_escaped_href() -> None:
    assert to_html("[Guide](https://example.com/a?x=1&y=2)") == '<a href="https://example.com/a?x=1&amp;y=2">Guide</a>'


def test_links_with_other_schemes_stay_text() -> None:
    assert to_html("[click](javascript:alert) [x](ftp://host)") == "click (javascript:alert) x (ftp://host)"


def test_bullets_become_bullet_characters() -> None:
    assert to_html("Topics:\n- phishing\n- passwords") == "Topics:\n• phishing\n• passwords"


def test_underscores_and_asterisks_inside_words_are_left_alone() -> None:
    assert to_html("use snake_case_names and 2*3*4") == "use snake_case_names and 2*3*4"


def test_unpaired_and_crossing_markers_never_produce_unbalanced_tags() -> None:
    for text in ["*a _b* c_", "*open", "_a *b_ c*", "**", "* not bold *", "*[x](https://a.b)* _`c`_", "_*x*_"]:
        html = to_html(text)
        parse_html(html)  # raises as Telegram would on broken markup


def test_bold_may_wrap_a_link_and_italic_may_sit_inside_bold() -> None:
    assert to_html("*see [docs](https://d.io) _now_*") == '<b>see <a href="https://d.io">docs</a> <i>now</i></b>'


def test_control_characters_are_dropped() -> None:
    assert to_html("a\x00b\x07c\r\nd") == "abc\nd"


def test_plain_text_is_the_visible_text_of_the_html() -> None:
    assert to_plain(to_html("*Tom & Jerry* <3")) == "Tom & Jerry <3"


def test_a_name_with_markup_put_in_with_literal_is_shown_as_typed() -> None:
    assert to_html(f"Welcome, {literal('*bold* _i_')}!") == "Welcome, *bold* _i_!"


def test_stars_and_underscores_inside_a_title_neither_become_tags_nor_break_its_bold() -> None:
    html = to_html(f"*{literal('Use *strong* pass_words')}*: attempt 1 started.")
    assert html == "<b>Use *strong* pass_words</b>: attempt 1 started."
    text, entities = parse_html(html)
    assert text == "Use *strong* pass_words: attempt 1 started."
    assert [entity["type"] for entity in entities] == ["bold"]


def test_a_literal_cannot_open_a_link_or_code_or_inject_html() -> None:
    typed = r"[x](https://e.example) `c` <b>a\b</b> & _"
    assert to_plain(to_html(literal(typed))) == typed
    assert "<a " not in to_html(literal(typed))
