"""/progress and /report through the real bot: a chart with its numbers, a page for the physio."""

from __future__ import annotations

import io
import struct
from datetime import timedelta

from pypdf import PdfReader

from emulator import EmulatedUser
from tests.e2e.conftest import Chatting


async def onboard(chat: Chatting, user: EmulatedUser) -> None:
    """Set up a sudden strain in London, one session a day at 07:00 (limit 3/10)."""
    await chat.onboard(user, times=("07:00",))


async def log_today(
    chat: Chatting, user: EmulatedUser, outcome: str, pain: str, endurance: str | None = None
) -> None:
    """Log today's session from /today, with the endurance button if one is given."""
    await chat.send(user, "/today")
    await chat.press(user, chat.last(user), "Log this session")
    await chat.press(user, chat.last(user), outcome)
    await chat.press(user, chat.last(user), pain)
    if endurance is not None:
        await chat.press(user, chat.last(user), endurance)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


async def test_progress_and_report_before_any_data_answer_in_words(chat: Chatting) -> None:
    """Not set up: send /start. Set up with nothing logged: a friendly text, not an empty chart."""
    ana = chat.emulator.new_user()
    await chat.send(ana, "/progress")
    assert "not set up your plan yet" in chat.texts(ana)[-1]
    await chat.send(ana, "/report")
    assert "not set up your plan yet" in chat.texts(ana)[-1]

    await onboard(chat, ana)
    await chat.send(ana, "/progress")
    reply = chat.last(ana)
    assert reply.photo is None
    assert "Nothing to chart yet" in (reply.text or "")
    assert "/today" in (reply.text or "")


async def test_progress_charts_a_few_days_and_the_report_lists_them(chat: Chatting) -> None:
    """Four days since set-up, three sessions done, one reminder missed: 3 of 4, and the page."""
    bo = chat.emulator.new_user()
    await onboard(chat, bo)  # Wed 25 Nov, 06:00 in London
    await log_today(chat, bo, "Done", "2", endurance="30+ min")

    await chat.advance(timedelta(days=1, hours=1))  # Thu 26 Nov, 07:00: the reminder
    await chat.press(bo, chat.last(bo), "The same")
    await log_today(chat, bo, "Done", "4")

    await chat.advance(timedelta(days=1))  # Fri 27 Nov: the reminder goes unanswered
    await chat.advance(timedelta(days=1))  # Sat 28 Nov
    await log_today(chat, bo, "Partly", "1", endurance="10-20 min")
    await chat.advance(timedelta(days=1))  # Sun 29 Nov, 07:00: today's session still to come

    await chat.send(bo, "/progress")
    chart = chat.last(bo)
    assert chart.kind == "photo"
    assert chart.photo is not None
    assert png_size(chart.photo) == (1200, 800)
    caption = chart.caption or ""
    assert "Sessions done, last 7 days: 3 of 4 (75%)" in caption
    assert "Sessions done, last 28 days: 3 of 4 (75%)" in caption
    assert "Streak: 1 day in a row" in caption
    assert "Endurance this week: 45 min" in caption
    assert "Phase 1, Protect and move: day 5" in caption

    await chat.send(bo, "/report")
    sent = chat.last(bo)
    assert sent.kind == "document"
    assert sent.document_name == "rehab-report-2026-11-29.pdf"
    assert sent.document is not None
    assert sent.document.startswith(b"%PDF")
    assert "/report html" in (sent.caption or "")

    await chat.send(bo, "/report html")
    sent = chat.last(bo)
    assert sent.kind == "document"
    assert sent.document_name == "rehab-report-2026-11-29.html"
    assert sent.document is not None
    page = sent.document.decode()
    assert "<th>Track</th><td>Sudden strain</td>" in page
    assert "<th>Phase</th><td>1 of 4: Protect and move</td>" in page
    assert "<th>Daily reminders</th><td>07:00</td>" in page
    assert "<th>Physio or sports physician involved</th><td>Yes</td>" in page
    rows = [line for line in page.splitlines() if line.startswith("<tr><td>")]
    assert rows[:4] == [
        '<tr><td>Wed 25 Nov 2026</td><td class="number">1</td><td>Done</td>'
        '<td class="number">2</td><td class="number">30</td><td>Same</td></tr>',
        '<tr><td>Thu 26 Nov 2026</td><td class="number">1</td><td>Done</td>'
        '<td class="number">4</td><td class="number"></td><td></td></tr>',
        '<tr><td>Fri 27 Nov 2026</td><td class="number">1</td>'
        "<td>Missed (reminder, nothing logged)</td>"
        '<td class="number"></td><td class="number"></td><td></td></tr>',
        '<tr><td>Sat 28 Nov 2026</td><td class="number">1</td><td>Partly</td>'
        '<td class="number">1</td><td class="number">15</td><td></td></tr>',
    ]
    assert "data:image/png;base64," in page
    assert "Safety flags raised</h2>\n<p>None.</p>" in page
    assert "not a clinician" in page


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def test_the_name_on_the_report_is_the_persons_choice(chat: Chatting) -> None:
    """No name by default; /name sets one (tidied), a too long one is refused and changes
    nothing, /name off removes it; the report follows; pain 8 shows as a hold, still open."""
    cy = chat.emulator.new_user()
    await onboard(chat, cy)
    await log_today(chat, cy, "Done", "8")

    await chat.send(cy, "/name")
    assert "Your report names nobody." in chat.texts(cy)[-1]
    await chat.send(cy, "/name   Cy   <Lee>  ")
    assert "For Cy <Lee>" in chat.texts(cy)[-1]
    await chat.send(cy, "/name " + "x" * 41)
    assert "up to 40 characters" in chat.texts(cy)[-1]
    await chat.send(cy, "/report")
    report = chat.last(cy).document
    assert report is not None
    text = pdf_text(report)
    assert "For Cy <Lee>" in text
    assert "Safety holds" in text
    assert "Still on hold" in text

    await chat.send(cy, "/name off")
    assert "names nobody now" in chat.texts(cy)[-1]
    await chat.send(cy, "/report")
    report = chat.last(cy).document
    assert report is not None
    assert "For Cy" not in pdf_text(report)
