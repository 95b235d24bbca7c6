"""Finding anything in a second, and taking the table away as Excel and CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from bot.export import CLIENT_COLUMNS, ITEM_COLUMNS, PAUSED_CONTACT_COLUMNS
from bot.i18n import translator
from bot.models import Language
from bot.textsearch import normalize
from tests.conftest import ANNA, OLGA, RunningBot
from tests.emulator import TelegramEmulator, UserClient, origin_user


async def _notes(user: UserClient, *texts: str) -> None:
    for text in texts:
        await user.send(text)
        await user.next_message()


async def test_search_finds_russian_and_english_word_forms(
    bot: RunningBot, anna: UserClient
) -> None:
    await _notes(
        anna,
        "/client add Acme",
        "Acme: отправили акты за октябрь",
        "Globex: sent the monthly reports",
        "Initech: обсудили бюджет",
    )
    await anna.send("/find акт")
    found = await anna.next_message()
    assert "отправили акты за октябрь" in found.text
    assert "<b>акты</b>" in (found.html or "")
    assert "Globex" not in found.text
    await anna.send("?актов")
    assert "отправили акты" in (await anna.next_message()).text
    # A long "?" message is a thought to keep, not a search.
    await anna.send("? Acme молчит неделю, напомнить в пятницу")
    assert "⏰ Reminder · Acme:" in (await anna.next_message()).text
    assert await bot.rows("SELECT count(*) FROM items WHERE text LIKE '? Acme молчит%'") == [(1,)]
    await anna.send("/find report")
    assert "monthly reports" in (await anna.next_message()).text
    await anna.send("/find #acme бюджет")
    assert (
        "ничего" in (await anna.next_message()).text.lower()
        or "Nothing found" in anna.last_message.text
    )


async def test_a_short_whole_word_finds_its_forms_not_longer_words_it_begins(
    bot: RunningBot, anna: UserClient
) -> None:
    await _notes(
        anna,
        "Acme: отправили акты за октябрь",
        "Acme: нет акта за ноябрь",
        "Globex: актуализировать прайс",
        "Globex: pay the invoice",
        "Globex: payroll export",
        "Initech: готовим презентацию",
        "Initech: баннер на главную",
    )
    await anna.send("/find акт")
    found = await anna.next_message()
    assert "отправили <b>акты</b> за октябрь" in (found.html or "")
    assert "нет <b>акта</b> за ноябрь" in (found.html or "")
    assert "актуализировать" not in found.text
    await anna.send("/find pay")
    found = await anna.next_message()
    assert "pay the invoice" in found.text
    assert "payroll" not in found.text
    # The start of a longer word still finds it: typed out long, or never written whole.
    await anna.send("/find презент")
    assert "готовим презентацию" in (await anna.next_message()).text
    await anna.send("/find банн")
    assert "баннер на главную" in (await anna.next_message()).text
    await anna.send("/find ак")
    found = await anna.next_message()
    assert "отправили акты" in found.text
    assert "актуализировать прайс" in found.text


async def test_a_date_finds_what_is_due_that_day_and_what_names_it(
    bot: RunningBot, olga: UserClient, anna: UserClient
) -> None:
    # Wednesday 25 November, Moscow.
    await _notes(
        olga,
        "/client add Acme",
        "/client add Globex",
        "Acme: отчёт к 15.12",  # team's date 15 December, client's 21st
        "Globex: макет к 10.12",  # team's date 10 December, client's 14th
        "Acme: акт к 16.12",
        "Acme: отчёт по SEO",  # no date
    )
    await olga.forward("давайте встретимся 15 декабря", origin_user(7, "Ivan"))
    await olga.next_message()
    await olga.send("/find 15 декабря")
    found = (await olga.next_message()).text
    assert "Acme: отчёт к 15.12" in found  # its date, written otherwise
    assert "Ivan: давайте встретимся 15 декабря" in found  # the words, as ever
    assert "акт" not in found
    assert "макет" not in found
    # The other words narrow it.
    await olga.send("/find отчёт 15.12")
    found = (await olga.next_message()).text
    assert "Acme: отчёт к 15.12" in found
    assert "встретимся" not in found
    assert "отчёт по SEO" not in found
    await olga.send("/find акт 15 декабря")
    assert "ничего не нашлось" in (await olga.next_message()).text
    # The date promised to the client counts too.
    await olga.send("/find 14 декабря")
    assert "Globex: макет к 10.12" in (await olga.next_message()).text
    await _notes(anna, "SEO report by 15.12")
    await anna.send("/find Dec 15")
    assert "SEO report by 15.12" in (await anna.next_message()).text


async def test_a_clients_name_finds_what_is_filed_under_it(
    bot: RunningBot, anna: UserClient
) -> None:
    await _notes(
        anna,
        "/client add Globex",
        "/call Acme",
        "they want weekly reports",
        "/end",
        "compare Acme and Globex pricing",
        "unrelated thought",
    )
    # Filed under Acme without its name in the words, or naming it in the Inbox: both.
    await anna.send("/find Acme")
    found = (await anna.next_message()).text
    assert "they want weekly reports" in found
    assert "compare Acme and Globex pricing" in found
    assert "unrelated" not in found
    # "#acme" alone is everything of Acme's.
    await anna.send("/find #acme")
    found = (await anna.next_message()).text
    assert found.startswith("🔎 «#Acme»")
    assert "they want weekly reports" in found
    assert "compare Acme" not in found
    await anna.send("/find Globex")
    found = (await anna.next_message()).text
    assert "they want weekly reports" not in found
    assert "compare Acme and Globex pricing" in found


async def test_search_covers_logged_conversations_and_follows_edits(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.forward("пришлите, пожалуйста, акты сверки", origin_user(7, "Ivan"))
    await anna.next_message()
    sent = await anna.send("черновик договора")
    await anna.next_message()
    await anna.send("?сверка")
    hit = await anna.next_message()
    assert "💬" in hit.text
    assert "Ivan: пришлите, пожалуйста, акты сверки" in hit.text
    await anna.edit(sent, "подписанный договор")
    await anna.wait_edit(anna.messages[-2])
    await anna.send("/find черновик")
    assert "Nothing found" in (await anna.next_message()).text
    await anna.send("/find подписанный")
    assert "подписанный договор" in (await anna.next_message()).text


async def test_a_senders_name_finds_what_they_said(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    ivan = origin_user(5551, "Ivan", "Petrov")
    now = anna.emulator.now()
    await anna.forward("please send the signed invoice", ivan, date=now - 600)
    await anna.forward("the mockups are approved", ivan, date=now - 590)
    await anna.forward("no news from legal yet", origin_user(5552, "Maria"), date=now - 580)
    await anna.next_message()
    await anna.send("/find Ivan")
    found = (await anna.next_message()).text
    assert "Ivan Petrov: please send the signed invoice" in found
    assert "Ivan Petrov: the mockups are approved" in found
    assert "legal" not in found
    # His name and a word of his: what he said of it.
    await anna.send("/find petrov invoice")
    found = (await anna.next_message()).text
    assert "Ivan Petrov: please send the signed invoice" in found
    assert "mockups" not in found
    await olga.forward("пришлите акт сверки", origin_user(5553, "Иван", "Петров"))
    await olga.next_message()
    await olga.send("/find Петров")
    assert "Иван Петров: пришлите акт сверки" in (await olga.next_message()).text
    await olga.send("/find Ivan")  # another user's sender is not hers
    assert "ничего не нашлось" in (await olga.next_message()).text


async def test_messages_logged_before_are_found_by_their_senders_name_after_the_upgrade(
    start_bot: Callable[..., Any], anna: UserClient
) -> None:
    running = await start_bot()
    await anna.forward("please send the signed invoice", origin_user(5551, "Ivan", "Petrov"))
    await anna.next_message()
    path = running.app.settings.database_path
    assert await running.stop() == 0
    # As the version before left it: the message's words indexed, not its sender's.
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "UPDATE forward_search SET body = ?", (normalize("please send the signed invoice"),)
        )
        conn.execute("ALTER TABLE prompts DROP COLUMN answered_by")  # what 0018 added
        conn.execute("PRAGMA user_version = 16")
    await start_bot()
    await anna.send("/find Ivan")
    assert "Ivan Petrov: please send the signed invoice" in (await anna.next_message()).text


async def test_search_text_is_taken_literally_and_scoped(
    bot: RunningBot, anna: UserClient, olga: UserClient, emulator: TelegramEmulator
) -> None:
    await _notes(anna, 'secret "pricing" for Acme AND Globex')
    for query in (
        '"pricing',
        "AND",
        "*",
        "pric*ing OR NOT",
        "NEAR(a b)",
        "-Acme",
        "o'neil",
        "^x:y",
    ):
        await anna.send(f"/find {query}")
        reply = await anna.next_message()
        assert "Something went wrong" not in reply.text
    await olga.send("/find pricing")
    assert "ничего не нашлось" in (await olga.next_message()).text
    assert emulator.errors == []


async def test_search_pages(bot: RunningBot, anna: UserClient) -> None:
    await _notes(anna, *(f"invoice number {n}" for n in range(12)))
    await anna.send("/find invoice")
    first = await anna.next_message()
    assert "invoice number 11" in first.text  # newest first
    await anna.click(first, "»")
    second = await anna.wait_edit(first)
    assert "invoice number 6" in second.text
    assert "invoice number 11" not in second.text


async def test_page_buttons_page_their_own_query_after_another_search_and_a_restart(
    start_bot: Callable[..., Any], anna: UserClient, olga: UserClient, emulator: TelegramEmulator
) -> None:
    running = await start_bot()
    await _notes(anna, *(f"invoice number {n}" for n in range(7)), "budget for Q1 approved")
    await anna.send("/find invoice")
    invoices = await anna.next_message()
    await anna.send("?budget")  # a newer search must not take over the older buttons
    assert "budget for Q1" in (await anna.next_message()).text
    assert await running.stop() == 0
    restarted = await start_bot()
    await anna.click(invoices, "»")
    paged = await anna.wait_edit(invoices)
    assert "invoice number 1" in paged.text
    assert "invoice number 6" not in paged.text
    assert "budget" not in paged.text
    # Another user's button data finds nothing of Anna's.
    await olga.send("заметка")
    olgas = await olga.next_message()
    (query_id,) = [row[0] for row in await restarted.rows("SELECT min(id) FROM search_queries")]
    await olga.click_data(olgas, f"sr:{query_id}:1")
    await olga.click_data(olgas, "sr:1")  # a button of the version before query ids
    await emulator.wait_idle()
    assert [a.get("text", "") for a in olga.callback_answers] == ["Это уже недоступно."] * 2
    assert olgas.text == olga.last_message.text


async def test_export_files_match_the_database(bot: RunningBot, anna: UserClient) -> None:
    await _notes(
        anna,
        "/client add Acme",
        "SEO report by Friday #acme",
        '=HYPERLINK("http://evil") note #acme',
        "Globex: просит тёмную тему",
    )
    await anna.send("/export")
    workbook_msg = await anna.next_message()
    csv_msg = await anna.next_message()
    assert workbook_msg.document is not None
    assert csv_msg.document is not None
    assert workbook_msg.document[0] == "account-manager-2026-11-25.xlsx"  # dated, no clash
    book = openpyxl.load_workbook(io.BytesIO(workbook_msg.document[1]))
    t = translator("en")
    sheet = book[t("export.sheet.items")]
    header = [cell.value for cell in sheet[1]]
    assert header == [t(f"export.items.{column}") for column in ITEM_COLUMNS]
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    stored = await bot.rows("SELECT id, kind, title FROM items WHERE user_id = ? ORDER BY id", ANNA)
    assert [(r[0], r[2], r[5]) for r in rows] == [
        (item_id, t(f"kinds.{kind}"), title) for item_id, kind, title in stored
    ]
    assert isinstance(rows[0][7], datetime)  # a real date cell
    assert rows[1][6].startswith("=HYPERLINK")  # stored as text, not a formula
    assert t("export.sheet.clients") in book.sheetnames

    raw = csv_msg.document[1]
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == [t(f"export.items.{column}") for column in ITEM_COLUMNS]
    assert table[1][7].endswith("+03:00")  # ISO 8601 with offset, in the user's zone
    assert table[2][6].startswith("'=")  # formula injection neutralised
    assert "просит тёмную тему" in table[3][5]

    # The client table as CSV too, one row per client, as the workbook's sheet has it.
    clients_msg = await anna.next_message()
    assert clients_msg.document is not None
    assert clients_msg.document[0] == "account-manager-2026-11-25-clients.csv"
    clients = list(csv.reader(io.StringIO(clients_msg.document[1].decode("utf-8-sig"))))
    assert clients[0] == [t(f"export.clients.{column}") for column in CLIENT_COLUMNS]
    names = [row[CLIENT_COLUMNS.index("name")] for row in clients[1:]]
    assert sorted(names) == sorted(name for (name,) in await bot.rows("SELECT name FROM clients"))


async def test_export_paused_contacts(bot: RunningBot, anna: UserClient) -> None:
    await _notes(anna, "/client add Acme", "/client add Globex", "Globex on pause")
    async with bot.db.transaction() as conn:
        await conn.execute("UPDATE clients SET email = 'ceo@globex.test' WHERE name = 'Globex'")
    await anna.send("/export paused")
    document = (await anna.next_message()).document
    assert document is not None
    assert document[0] == "paused-clients-2026-11-25.csv"
    text = document[1].decode("utf-8-sig")
    assert "Globex" in text
    assert "ceo@globex.test" in text
    assert "Acme" not in text


async def test_export_speaks_russian_to_a_russian_user(bot: RunningBot, olga: UserClient) -> None:
    await _notes(olga, "/client add Acme", "Acme просит отчёт к пятнице")
    await olga.send("/export")
    workbook_msg = await olga.next_message()
    csv_msg = await olga.next_message()
    assert workbook_msg.document is not None
    assert csv_msg.document is not None
    assert workbook_msg.document[0] == "аккаунт-менеджер-2026-11-25.xlsx"
    assert csv_msg.document[0] == "аккаунт-менеджер-2026-11-25-записи.csv"
    t = translator("ru")
    book = openpyxl.load_workbook(io.BytesIO(workbook_msg.document[1]))
    assert book.sheetnames == [t("export.sheet.items"), t("export.sheet.clients")]
    items = list(book[t("export.sheet.items")].iter_rows(values_only=True))
    assert list(items[0]) == [t(f"export.items.{column}") for column in ITEM_COLUMNS]
    [(kind,)] = await bot.rows("SELECT kind FROM items WHERE user_id = ?", OLGA)
    assert items[1][2] == t(f"kinds.{kind}")
    clients = list(book[t("export.sheet.clients")].iter_rows(values_only=True))
    assert list(clients[0]) == [t(f"export.clients.{column}") for column in CLIENT_COLUMNS]
    assert clients[1][:2] == ("Acme", t("clients.status.active"))

    text = csv_msg.document[1].decode("utf-8-sig")
    delimiter = t("export.csv_delimiter")
    assert delimiter == ";"  # what Russian Excel splits on
    table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert table[0] == [t(f"export.items.{column}") for column in ITEM_COLUMNS]


@pytest.mark.parametrize(("user", "language"), [("anna", "en"), ("olga", "ru")])
async def test_export_paused_header_in_the_users_language(
    bot: RunningBot, user: str, language: Language, request: pytest.FixtureRequest
) -> None:
    client: UserClient = request.getfixturevalue(user)
    await _notes(client, "/client add Globex", "Globex на паузе")
    await client.send("/export paused")
    document = (await client.next_message()).document
    assert document is not None
    t = translator(language)
    text = document[1].decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=t("export.csv_delimiter")))
    assert table[0] == [t(f"export.clients.{column}") for column in PAUSED_CONTACT_COLUMNS]
    assert table[1][0] == "Globex"


@pytest.mark.parametrize(
    ("user", "command", "answer"),
    [
        ("anna", "/export paused", "📤 No clients on pause: nothing to export."),
        ("olga", "/export пауза", "📤 Клиентов на паузе нет — выгружать нечего."),
    ],
)
async def test_export_paused_with_no_paused_client_says_so_and_sends_no_file(
    bot: RunningBot, user: str, command: str, answer: str, request: pytest.FixtureRequest
) -> None:
    client: UserClient = request.getfixturevalue(user)
    await client.send(command)  # no clients at all
    empty = await client.next_message()
    assert (empty.text, empty.document) == (answer, None)
    await _notes(client, "/client add Globex", "/client add Acme", "Acme on pause")
    await _notes(client, "Acme resumed")  # paused once, active again
    assert await bot.rows("SELECT DISTINCT status FROM clients") == [("active",)]
    await client.send(command)  # clients, none of them paused
    none_paused = await client.next_message()
    assert (none_paused.text, none_paused.document) == (answer, None)
    await client.no_message(within=0.3)


@pytest.mark.parametrize(
    ("user", "answer"),
    [
        (
            "anna",
            "📤 Nothing to export yet: write me a note or a deadline"
            " (SEO report by Friday #acme) or add a client with /client add Acme.",
        ),
        (
            "olga",
            "📤 Выгружать пока нечего: напишите мне заметку или дедлайн"
            " (отчёт по SEO к пятнице #ромашка) либо добавьте клиента"
            " командой /client add Ромашка.",
        ),
    ],
)
async def test_export_with_nothing_stored_says_so_and_sends_no_file(
    bot: RunningBot, user: str, answer: str, request: pytest.FixtureRequest
) -> None:
    client: UserClient = request.getfixturevalue(user)
    await client.send("/export")
    empty = await client.next_message()
    assert (empty.text, empty.document) == (answer, None)
    await client.no_message(within=0.3)
    # A client and nothing else is something: the files come.
    await _notes(client, "/client add Acme")
    await client.send("/export")
    files = [await client.next_message(), await client.next_message()]
    names = {"anna": "account-manager-2026-11-25", "olga": "аккаунт-менеджер-2026-11-25"}[user]
    items = {"anna": "items", "olga": "записи"}[user]
    assert sorted(m.document[0] for m in files if m.document) == [
        f"{names}-{items}.csv",
        f"{names}.xlsx",
    ]


async def test_export_with_only_deleted_items_has_nothing_to_send(
    bot: RunningBot, anna: UserClient
) -> None:
    await _notes(anna, "SEO report by Friday")
    async with bot.db.transaction() as conn:
        await conn.execute("UPDATE items SET status = 'deleted'")
    await anna.send("/export")
    empty = await anna.next_message()
    assert empty.document is None
    assert empty.text.startswith("📤 Nothing to export yet")
    await _notes(anna, "call Globex tomorrow")
    await anna.send("/export")
    assert (await anna.next_message()).document is not None
    assert (await anna.next_message()).document is not None


async def test_export_caption_counts_in_words_that_agree(bot: RunningBot, anna: UserClient) -> None:
    await _notes(anna, "/client add Acme", "SEO report by Friday #acme")
    await anna.send("/export")
    assert (await anna.next_message()).text.startswith("📤 1 item and 1 client.")
    for _ in ("items CSV", "clients CSV"):
        await anna.next_message()
    await _notes(anna, "/client add Globex", "banner for Globex by Monday #globex")
    await anna.send("/export")
    assert (await anna.next_message()).text.startswith("📤 2 items and 2 clients.")
    for _ in ("items CSV", "clients CSV"):
        await anna.next_message()


async def test_a_done_item_is_found_marked_done(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("SEO report by Friday")
    await anna.next_message()
    await anna.send("SEO audit by Monday")
    await anna.next_message()
    await anna.send("/week")
    week = await anna.next_message()
    await anna.click(week, "✅1")
    await anna.wait_edit(week)
    await anna.send("/find SEO")
    found = (await anna.next_message()).text
    assert "✅📌 📥 Inbox" in found
    assert found.count("✅📌") == 1
    assert "\n📌 📥 Inbox" in found
