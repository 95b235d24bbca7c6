"""Export written to a real directory and read back with openpyxl and the csv module."""

from __future__ import annotations

import csv
import os
import random
import zipfile
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bot.export import (
    CLIENT_COLUMNS,
    ITEM_COLUMNS,
    PAUSED_CONTACT_COLUMNS,
    ExportClient,
    ExportItem,
    ExportTooLargeError,
    ExportWriter,
    clean_text,
    fit_for_upload,
    paused_contacts_csv,
    write_export,
)
from bot.i18n import LANGUAGES, catalog, translator
from bot.models import Language

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
T = TypeVar("T")
EN = translator("en")
ITEMS = EN("export.sheet.items")
CLIENTS = EN("export.sheet.clients")
EXCEL_SHEET_TITLE_FORBIDDEN = set("\\/?*[]:")


def item_header(language: Language) -> tuple[str, ...]:
    t = translator(language)
    return tuple(t(f"export.items.{column}") for column in ITEM_COLUMNS)


def client_header(language: Language) -> tuple[str, ...]:
    t = translator(language)
    return tuple(t(f"export.clients.{column}") for column in CLIENT_COLUMNS)


def make_item(item_id: int = 1, **changes: Any) -> ExportItem:
    values: dict[str, Any] = {
        "id": item_id,
        "created_at": NOW,
        "kind": "deadline",
        "status": "open",
        "client": "Acme",
        "title": "Отчёт за март 📊",
        "text": "Отправить отчёт за март до среды 🙂",
        "due_at": NOW + timedelta(days=1),
        "client_due_at": NOW + timedelta(days=2),
        "source": "forwarded",
        "origin_sender": "Иван Петров",
        "origin_date": NOW - timedelta(hours=3),
    }
    values.update(changes)
    return ExportItem(**values)


def make_client(name: str = "Acme", **changes: Any) -> ExportClient:
    values: dict[str, Any] = {
        "name": name,
        "status": "active",
        "aliases": ("ACME Corp", "Акме"),
        "preferred_channel": "email",
        "email": "ops@acme.test",
        "contacts": "Анна, +7 999 000-00-00",
        "last_payment": date(2024, 2, 1),
        "next_payment": date(2024, 3, 1),
        "next_report": datetime(2024, 3, 6, 7, 0, tzinfo=UTC),
        "notes": "любит созвоны по вторникам",
        "open_items": 3,
    }
    values.update(changes)
    return ExportClient(**values)


async def pages(rows: Iterable[T], size: int = 2) -> AsyncIterator[T]:
    """Rows as the storage layer streams them: an async iterator over pages."""
    rows = list(rows)
    for start in range(0, len(rows), size):
        for row in rows[start : start + size]:
            yield row


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def files_in(directory: Path) -> list[Path]:
    return list(directory.iterdir())


def sheet_rows(path: Path, title: str) -> list[tuple[Any, ...]]:
    workbook = load_workbook(path)
    return list(workbook[title].iter_rows(values_only=True))


async def test_items_csv_round_trip(tmp_path: Path) -> None:
    item = make_item()
    files = await write_export(tmp_path, MOSCOW, pages([item]), [])
    assert files.items_csv == tmp_path / "export-items.csv"
    assert files.items_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    header, row = read_csv(files.items_csv)
    assert tuple(header) == item_header("en")  # no translator: English, the fallback
    assert row == [
        "1",
        "2024-03-05T12:30:00+03:00",
        EN("kinds.deadline"),
        EN("export.status.open"),
        "Acme",
        "Отчёт за март 📊",
        "Отправить отчёт за март до среды 🙂",
        "2024-03-06T12:30:00+03:00",
        "2024-03-07T12:30:00+03:00",
        EN("export.source.forwarded"),
        "Иван Петров",
        "2024-03-05T09:30:00+03:00",
    ]
    assert datetime.fromisoformat(row[1]) == item.created_at


async def test_workbook_round_trip(tmp_path: Path) -> None:
    item = make_item(due_at=None, origin_sender=None, origin_date=None, client=None)
    client = make_client()
    files = await write_export(tmp_path, MOSCOW, pages([item]), pages([client]), t=EN)
    assert (files.items, files.clients) == (1, 1)
    workbook = load_workbook(files.workbook)
    assert workbook.sheetnames == [EN("export.sheet.items"), EN("export.sheet.clients")]

    items = workbook[EN("export.sheet.items")]
    assert items.freeze_panes == "A2"
    assert items.column_dimensions["A"].width > 0
    assert items.column_dimensions["G"].width > items.column_dimensions["A"].width
    header, row = items.iter_rows(values_only=True)
    assert header == item_header("en")
    assert row == (
        1,
        datetime(2024, 3, 5, 12, 30),
        EN("kinds.deadline"),
        EN("export.status.open"),
        None,
        "Отчёт за март 📊",
        "Отправить отчёт за март до среды 🙂",
        None,
        datetime(2024, 3, 7, 12, 30),
        EN("export.source.forwarded"),
        None,
        None,
    )
    assert items["B2"].is_date
    assert items["B2"].number_format == "yyyy-mm-dd hh:mm"

    clients = workbook[EN("export.sheet.clients")]
    assert clients.freeze_panes == "A2"
    assert clients.column_dimensions["J"].width > 0
    header, row = clients.iter_rows(values_only=True)
    assert header == client_header("en")
    assert row == (
        "Acme",
        EN("clients.status.active"),
        "ACME Corp, Акме",
        EN("clients.channel.email"),
        "ops@acme.test",
        "Анна, +7 999 000-00-00",
        datetime(2024, 2, 1),  # openpyxl reads every date cell back as a datetime
        datetime(2024, 3, 1),
        datetime(2024, 3, 6, 10, 0),
        "любит созвоны по вторникам",
        3,
    )
    assert clients["G2"].number_format == "yyyy-mm-dd"


async def test_sync_iterables_are_accepted_too(tmp_path: Path) -> None:
    files = await write_export(tmp_path, UTC, [make_item(n) for n in range(5)], [make_client()])
    assert [row[0] for row in read_csv(files.items_csv)[1:]] == ["0", "1", "2", "3", "4"]
    assert len(sheet_rows(files.workbook, ITEMS)) == 6


async def test_formulas_stay_text(tmp_path: Path) -> None:
    titles = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "#N/A", "= ok"]
    items = [make_item(n, title=title) for n, title in enumerate(titles)]
    files = await write_export(tmp_path, UTC, items, [make_client(name="=cmd|' /C calc'!A0")])

    csv_titles = [row[5] for row in read_csv(files.items_csv)[1:]]
    assert csv_titles == ["'" + title for title in titles[:5]] + ["#N/A", "'= ok"]

    workbook = load_workbook(files.workbook)
    cells = [row[5] for row in workbook[ITEMS].iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == titles
    assert {cell.data_type for cell in cells} == {"s"}
    assert workbook[CLIENTS]["A2"].data_type == "s"
    assert workbook[CLIENTS]["A2"].value == "=cmd|' /C calc'!A0"


async def test_control_characters_are_stripped(tmp_path: Path) -> None:
    item = make_item(title="bell\x07 nul\x00 esc\x1b", text="line\r\nnext\rlast\x0b\ttab")
    files = await write_export(tmp_path, UTC, [item], [])
    row = read_csv(files.items_csv)[1]
    assert row[5:7] == ["bell nul esc", "line\nnext\nlast\ttab"]
    assert sheet_rows(files.workbook, ITEMS)[1][5:7] == ("bell nul esc", "line\nnext\nlast\ttab")


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(), min_size=1, max_size=5))
def test_any_text_survives_both_files(tmp_path: Path, texts: list[str]) -> None:
    writer = ExportWriter(tmp_path, UTC, name="prop")
    writer.add_items(make_item(n, text=text) for n, text in enumerate(texts))
    workbook, items_csv, _ = writer.close()
    expected = [clean_text(text) for text in texts]
    in_csv = [row[6] for row in read_csv(items_csv)[1:]]
    assert [text.removeprefix("'") for text in in_csv] == expected
    in_sheet = [row[6] for row in sheet_rows(workbook, ITEMS)[1:]]
    assert [value or "" for value in in_sheet] == [text[:32767] for text in expected]


def test_clean_text_keeps_what_a_workbook_can_hold() -> None:
    assert clean_text("ok\u0000\u0008\u000b\u000c\u001f\ud800\ufffe\uffff ok") == "ok ok"
    assert clean_text("tab\tnew\nline 🙂 ёж") == "tab\tnew\nline 🙂 ёж"


async def test_big_files_are_zipped(tmp_path: Path) -> None:
    items = [make_item(n, text="повторяющийся текст " * 50) for n in range(200)]
    files = await write_export(tmp_path, UTC, pages(items, 50), [], max_bytes=100_000)
    assert files.items_csv == tmp_path / "export-items.csv.zip"
    assert not (tmp_path / "export-items.csv").exists()
    assert files.items_csv.stat().st_size <= 100_000
    with zipfile.ZipFile(files.items_csv) as archive:
        assert archive.namelist() == ["export-items.csv"]
        assert archive.getinfo("export-items.csv").compress_type == zipfile.ZIP_DEFLATED
        (tmp_path / "unzipped").mkdir()
        archive.extractall(tmp_path / "unzipped")
    assert len(read_csv(tmp_path / "unzipped" / "export-items.csv")) == 201


def test_too_big_even_zipped_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "random.bin"
    path.write_bytes(random.Random(0).randbytes(10_000))  # incompressible
    with pytest.raises(ExportTooLargeError, match="over the 1000-byte upload limit") as error:
        fit_for_upload(path, max_bytes=1000)
    assert error.value.path == tmp_path / "random.bin.zip"
    assert error.value.size > 1000


def test_small_files_are_sent_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    path.write_text("a,b\n")
    assert fit_for_upload(path) == path


async def test_items_past_the_sheet_row_limit_continue_on_a_new_sheet(tmp_path: Path) -> None:
    writer = ExportWriter(tmp_path, UTC, sheet_rows=3)
    writer.add_items(make_item(n) for n in range(5))
    writer.add_clients([make_client()])
    workbook_path, items_csv, _ = writer.close()
    workbook = load_workbook(workbook_path)
    items = [ITEMS, *(EN("export.sheet.items_continued", number=n) for n in (2, 3))]
    assert workbook.sheetnames == [*items, CLIENTS]
    ids = [
        row[0] for title in items for row in workbook[title].iter_rows(min_row=2, values_only=True)
    ]
    assert ids == [0, 1, 2, 3, 4]
    assert workbook[items[1]].freeze_panes == "A2"
    assert len(read_csv(items_csv)) == 6


async def test_a_failing_source_leaves_no_files(tmp_path: Path) -> None:
    async def broken() -> AsyncIterator[ExportItem]:
        yield make_item(1)
        raise ConnectionError("database went away")

    with pytest.raises(ConnectionError):
        await write_export(tmp_path, UTC, broken(), [], batch_size=1)
    assert files_in(tmp_path) == []


async def test_naive_datetimes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="naive"):
        await write_export(tmp_path, UTC, [make_item(created_at=datetime(2024, 1, 1))], [])


async def test_semicolon_delimiter_for_excel_in_russian(tmp_path: Path) -> None:
    files = await write_export(tmp_path, UTC, [make_item()], [], delimiter=";")
    first_line = files.items_csv.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line == ";".join(item_header("en"))


async def test_paused_contacts(tmp_path: Path) -> None:
    clients = [
        make_client("Acme", status="paused"),
        make_client("Globex", status="active"),
        make_client("=Initech", status="paused", email=None, preferred_channel="telegram"),
    ]
    path = await paused_contacts_csv(pages(clients), tmp_path / "paused.csv")
    assert path is not None
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_csv(path) == [
        [EN(f"export.clients.{column}") for column in PAUSED_CONTACT_COLUMNS],
        ["Acme", "ops@acme.test", "Анна, +7 999 000-00-00", EN("clients.channel.email")],
        ["'=Initech", "", "Анна, +7 999 000-00-00", EN("clients.channel.telegram")],
    ]


async def test_no_paused_client_writes_no_file(tmp_path: Path) -> None:
    clients = [make_client("Acme", status="active"), make_client("Globex", status="archived")]
    assert await paused_contacts_csv(pages(clients), tmp_path / "paused.csv") is None
    assert await paused_contacts_csv([], tmp_path / "paused.csv") is None
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("language", LANGUAGES)
async def test_sheets_headers_and_values_speak_the_users_language(
    tmp_path: Path, language: Language
) -> None:
    t = translator(language)
    files = await write_export(
        tmp_path,
        UTC,
        [make_item(kind="request", status="done", source="voice")],
        [make_client(status="paused", preferred_channel="phone")],
        t=t,
    )
    workbook = load_workbook(files.workbook)
    assert workbook.sheetnames == [t("export.sheet.items"), t("export.sheet.clients")]
    items = list(workbook[t("export.sheet.items")].iter_rows(values_only=True))
    assert items[0] == item_header(language)
    assert (items[1][2], items[1][3], items[1][9]) == (
        t("kinds.request"),
        t("export.status.done"),
        t("export.source.voice"),
    )
    clients = list(workbook[t("export.sheet.clients")].iter_rows(values_only=True))
    assert clients[0] == client_header(language)
    assert (clients[1][1], clients[1][3]) == (
        t("clients.status.paused"),
        t("clients.channel.phone"),
    )
    header, row = read_csv(files.items_csv)
    assert tuple(header) == item_header(language)
    assert row[2] == t("kinds.request")

    path = await paused_contacts_csv([make_client(status="paused")], tmp_path / "p.csv", t=t)
    assert path is not None
    assert tuple(read_csv(path)[0]) == tuple(
        t(f"export.clients.{column}") for column in PAUSED_CONTACT_COLUMNS
    )


def test_the_languages_differ_in_every_header() -> None:
    # The keys are shared, so a header left untranslated would pass the test above.
    assert set(item_header("en")).isdisjoint(item_header("ru"))
    assert set(client_header("en")).isdisjoint(client_header("ru"))
    assert EN("export.sheet.items") != translator("ru")("export.sheet.items")


@pytest.mark.parametrize("language", LANGUAGES)
def test_export_words_are_plain_text_and_fit_excel(language: Language) -> None:
    # Catalog templates are Telegram HTML; these end up in files, where an entity
    # would show as "&amp;" and a tag as text.
    in_files = (
        "export.sheet.",
        "export.items.",
        "export.clients.",
        "export.status.",
        "export.source.",
    )
    words = {key: text for key, text in catalog(language).items() if key.startswith(in_files)}
    words["export.csv_delimiter"] = catalog(language)["export.csv_delimiter"]
    for key, text in words.items():
        assert not set(text) & set("<>&"), key
    for key in ("export.sheet.items", "export.sheet.clients"):
        assert len(words[key]) <= 31, key
        assert not set(words[key]) & EXCEL_SHEET_TITLE_FORBIDDEN, key
    continued = translator(language)("export.sheet.items_continued", number=99)
    assert len(continued) <= 31
    assert not set(continued) & EXCEL_SHEET_TITLE_FORBIDDEN
    assert len(words["export.csv_delimiter"]) == 1
