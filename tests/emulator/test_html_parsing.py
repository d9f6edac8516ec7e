"""parse_mode=HTML: what Telegram accepts, how it becomes text and entities, and what it refuses."""

from __future__ import annotations

import html
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulator import EmulatedUser
from emulator.html_parsing import parse_html
from tests.emulator.conftest import RawApi

ACCEPTED: list[tuple[str, str, list[dict[str, Any]]]] = [
    (
        "<b>bold</b> <strong>too</strong>",
        "bold too",
        [
            {"type": "bold", "offset": 0, "length": 4},
            {"type": "bold", "offset": 5, "length": 3},
        ],
    ),
    (
        "<i>a</i><em>b</em>",
        "ab",
        [
            {"type": "italic", "offset": 0, "length": 1},
            {"type": "italic", "offset": 1, "length": 1},
        ],
    ),
    (
        "<u>a</u><ins>b</ins>",
        "ab",
        [
            {"type": "underline", "offset": 0, "length": 1},
            {"type": "underline", "offset": 1, "length": 1},
        ],
    ),
    (
        "<s>a</s><strike>b</strike><del>c</del>",
        "abc",
        [
            {"type": "strikethrough", "offset": 0, "length": 1},
            {"type": "strikethrough", "offset": 1, "length": 1},
            {"type": "strikethrough", "offset": 2, "length": 1},
        ],
    ),
    (
        '<span class="tg-spoiler">a</span><tg-spoiler>b</tg-spoiler>',
        "ab",
        [
            {"type": "spoiler", "offset": 0, "length": 1},
            {"type": "spoiler", "offset": 1, "length": 1},
        ],
    ),
    (
        '<a href="https://example.org">site</a>',
        "site",
        [
            {"type": "text_link", "offset": 0, "length": 4, "url": "https://example.org/"},
        ],
    ),
    ("<code>x = 1</code>", "x = 1", [{"type": "code", "offset": 0, "length": 5}]),
    ("<pre>block</pre>", "block", [{"type": "pre", "offset": 0, "length": 5}]),
    (
        '<pre><code class="language-python">print(1)</code></pre>',
        "print(1)",
        [
            {"type": "pre", "offset": 0, "length": 8, "language": "python"},
        ],
    ),
    (
        "<blockquote>quote</blockquote>",
        "quote",
        [
            {"type": "blockquote", "offset": 0, "length": 5},
        ],
    ),
    (
        "<blockquote expandable>more</blockquote>",
        "more",
        [
            {"type": "expandable_blockquote", "offset": 0, "length": 4},
        ],
    ),
    (
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "👍",
        [
            {
                "type": "custom_emoji",
                "offset": 0,
                "length": 2,
                "custom_emoji_id": "5368324170671202286",
            },
        ],
    ),
    (
        "<b>a<i>b</i></b>",
        "ab",
        [
            {"type": "bold", "offset": 0, "length": 2},
            {"type": "italic", "offset": 1, "length": 1},
        ],
    ),
    ("<B>caps</B>", "caps", [{"type": "bold", "offset": 0, "length": 4}]),
    (
        "<b>🦵 leg</b> <i>day</i>",
        "🦵 leg day",
        [
            {"type": "bold", "offset": 0, "length": 6},
            {"type": "italic", "offset": 7, "length": 3},
        ],
    ),
    ("&lt;3 &gt; &amp; &quot; &#65;&#x42;", '<3 > & " AB', []),
    # Telegram keeps a bare ampersand and unknown references as they are.
    ("Tom & Jerry &nbsp;", "Tom & Jerry &nbsp;", []),
]

REFUSED: list[tuple[str, str]] = [
    ("<br>", 'Unsupported start tag "br" at byte offset 0'),
    ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ("🦵 <x>", 'Unsupported start tag "x" at byte offset 5'),
    ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("text <b", "Unclosed start tag at byte offset 5"),
    ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ('<a href="x"', "Unclosed start tag at byte offset 0"),
    ("<i =x>y</i>", 'Empty attribute name in the tag "i" at byte offset 0'),
    ("<i lang>y</i>", "Expected equal sign in declaration of an attribute of the tag "
     '"i" at byte offset 0'),
    ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ('<tg-emoji emoji-id="abc">👍</tg-emoji>', "Invalid custom emoji identifier specified"),
    ("&#xD800;", "Text contains invalid Unicode characters after decoding HTML entities, "
     "check for unmatched surrogate code units"),
]  # fmt: skip


@pytest.mark.parametrize(("markup", "text", "entities"), ACCEPTED)
async def test_accepted_markup_becomes_text_and_entities(
    api: RawApi, user: EmulatedUser, markup: str, text: str, entities: list[dict[str, Any]]
) -> None:
    """Supported HTML is answered with the plain text and UTF-16 entities Telegram computes."""
    answer = await api("sendMessage", chat_id=user.id, text=markup, parse_mode="HTML")
    assert answer["ok"], answer
    assert answer["result"]["text"] == text
    assert answer["result"].get("entities", []) == entities


@pytest.mark.parametrize(("markup", "reason"), REFUSED)
async def test_refused_markup_gets_telegrams_error(
    api: RawApi, user: EmulatedUser, markup: str, reason: str
) -> None:
    """Markup Telegram rejects gets 400 "can't parse entities" with the server's exact reason."""
    answer = await api("sendMessage", chat_id=user.id, text=markup, parse_mode="HTML")
    assert answer == {
        "ok": False,
        "error_code": 400,
        "description": f"Bad Request: can't parse entities: {reason}",
    }


async def test_markup_with_no_visible_text_is_empty(api: RawApi, user: EmulatedUser) -> None:
    """Tags around nothing but spaces leave an empty message, which is refused."""
    answer = await api("sendMessage", chat_id=user.id, text="<b> </b>\n", parse_mode="HTML")
    assert answer["description"] == "Bad Request: message text is empty"


async def test_surrounding_whitespace_is_trimmed_and_entities_follow(
    api: RawApi, user: EmulatedUser
) -> None:
    """Leading and trailing blanks are cut, and entity offsets move with the text."""
    answer = await api(
        "sendMessage", chat_id=user.id, text="\n  <b>Hi</b> there  \n", parse_mode="HTML"
    )
    assert answer["result"]["text"] == "Hi there"
    assert answer["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 2}]


@pytest.mark.parametrize("mode", ["html", "HTML", "Html"])
async def test_parse_mode_names_ignore_case(api: RawApi, user: EmulatedUser, mode: str) -> None:
    """The parse mode is matched without regard to case, as Telegram does."""
    answer = await api("sendMessage", chat_id=user.id, text="<i>x</i>", parse_mode=mode)
    assert answer["result"]["entities"] == [{"type": "italic", "offset": 0, "length": 1}]


async def test_unknown_parse_mode_is_refused(api: RawApi, user: EmulatedUser) -> None:
    """A parse mode Telegram does not know is a 400."""
    answer = await api("sendMessage", chat_id=user.id, text="x", parse_mode="Markdown3")
    assert answer["description"] == "Bad Request: unsupported parse_mode"


async def test_without_parse_mode_tags_are_plain_text(api: RawApi, user: EmulatedUser) -> None:
    """Without a parse mode, markup characters are sent literally."""
    answer = await api("sendMessage", chat_id=user.id, text="<b>1 < 2</b> &amp;")
    assert answer["result"]["text"] == "<b>1 < 2</b> &amp;"
    assert "entities" not in answer["result"]


@given(st.text())
def test_escaped_text_round_trips(text: str) -> None:
    """Any text escaped with html.escape parses back to itself with no entities."""
    assert parse_html(html.escape(text)) == (text, [])
