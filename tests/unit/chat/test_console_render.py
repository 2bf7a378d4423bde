"""Console rendering: plain text, options numbered across replies, links and documents with their URLs."""

from adapters.console.markdown import plain
from adapters.console.render import render
from domain.replies import Button, Document, Link, Quiz, Reply, literal


def test_the_markdown_subset_is_made_readable() -> None:
    text = "*Passwords* are _personal_: run `passwd`, see [the policy](https://acme.example/policy)\n- one\n- two"
    assert (
        plain(text) == "Passwords are personal: run passwd, see the policy (https://acme.example/policy)\n• one\n• two"
    )


def test_plain_leaves_snake_case_emails_and_arithmetic_alone() -> None:
    text = "mail tom_t@acme.example or run my_script_name; 2 * 3 * 4"
    assert plain(text) == text


def test_buttons_are_numbered_across_all_replies_and_remembered_as_actions() -> None:
    rendered = render(
        [
            Reply(text="SEC-101", buttons=[Button(label="Enroll SEC-101", action="enroll SEC-101")]),
            Reply(text="GDPR-1", buttons=[Button(label="Enroll GDPR-1", action="enroll GDPR-1")]),
        ]
    )
    assert "  [1] Enroll SEC-101" in rendered.text
    assert "  [2] Enroll GDPR-1" in rendered.text
    assert rendered.options == ["enroll SEC-101", "enroll GDPR-1"]


def test_choices_come_before_buttons() -> None:
    reply = Reply(
        text="Pick one",
        choices=[Button(label="A", action="answer x 1 0"), Button(label="B", action="answer x 1 1")],
        buttons=[Button(label="Submit", action="submit x")],
    )
    rendered = render([reply])
    assert rendered.text.splitlines()[1:] == ["  [1] A", "  [2] B", "  [3] Submit"]
    assert rendered.options == ["answer x 1 0", "answer x 1 1", "submit x"]


def test_a_quiz_without_choices_numbers_its_options_as_answer_actions() -> None:
    quiz = Quiz(question="2+2?", options=["3", "4"], answer_action="answer x 1 ")
    rendered = render([Reply(text="Question 1", quiz=quiz)])
    assert rendered.options == ["answer x 1 0", "answer x 1 1"]
    assert "  [2] 4" in rendered.text


def test_links_documents_prompts_and_the_context_line_are_shown() -> None:
    reply = Reply(
        text="Read this",
        link=Link(label="NIST guide", url="https://nist.example/800-63b"),
        document=Document(title="Policy.pdf", url="https://acme.example/policy.pdf", size_bytes=250_000),
        text_action="answer x 2 ",
        context="Progress 40%",
    )
    lines = render([reply]).text.splitlines()
    assert lines == [
        "Read this",
        "  Link: NIST guide — https://nist.example/800-63b",
        "  Document: Policy.pdf (244.1 KB) — https://acme.example/policy.pdf",
        "  (type your answer)",
        "  — Progress 40%",
    ]


def test_no_replies_render_as_nothing_with_no_options() -> None:
    rendered = render([])
    assert rendered.text == ""
    assert rendered.options == []


def test_a_literal_shows_its_marks_as_typed_around_our_own_bold() -> None:
    assert plain(f"Hi {literal('*bold* _i_')}, *{literal('pass_words [x](https://e.example)')}*") == (
        "Hi *bold* _i_, pass_words [x](https://e.example)"
    )
