"""/export: an .xlsx workbook (items, clients) and a CSV of items, written as rows stream in.

The storage layer hands over items page by page (an async iterator); `write_export`
passes each page to a worker thread that appends it to the CSV file and to
openpyxl's write-only workbook, which spools rows to disk. Nothing holds all rows,
and the event loop never waits on openpyxl's seconds of CPU for a big export.
"""

from __future__ import annotations

import asyncio
import csv
import re
import threading
import zipfile
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import IO, Final, Protocol, TypeAlias, TypeVar, get_args

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.i18n import translator
from bot.models import CHANNELS, ClientStatus, ItemKind, ItemSource, ItemStatus

# Bots may upload files up to 50 MB (https://core.telegram.org/bots/api#sending-files);
# the margin covers multipart overhead and "MB" meaning 10**6 bytes.
TELEGRAM_UPLOAD_LIMIT: Final = 50 * 1024 * 1024
DEFAULT_MAX_BYTES: Final = TELEGRAM_UPLOAD_LIMIT - 2 * 1024 * 1024
EXCEL_MAX_ROWS: Final = 1_048_576

# Column codes, in sheet order. The header a user sees is the locale's
# `export.items.<code>` / `export.clients.<code>`.
ITEM_COLUMNS: Final = (
    "id",
    "created_at",
    "kind",
    "status",
    "client",
    "title",
    "text",
    "due_at",
    "client_due_at",
    "source",
    "origin_sender",
    "origin_date",
)
CLIENT_COLUMNS: Final = (
    "name",
    "status",
    "aliases",
    "preferred_channel",
    "email",
    "contacts",
    "last_payment",
    "next_payment",
    "next_report",
    "notes",
    "open_items",
)
PAUSED_CONTACT_COLUMNS: Final = ("name", "email", "contacts", "preferred_channel")

# Widths in characters: a streamed sheet cannot be measured first, so they are fixed.
_ITEM_WIDTHS: Final = (8, 17, 10, 9, 20, 40, 60, 17, 17, 10, 20, 17)
_CLIENT_WIDTHS: Final = (24, 10, 24, 14, 28, 40, 12, 12, 12, 50, 10)
_DATETIME_FORMAT: Final = "yyyy-mm-dd hh:mm"
_DATE_FORMAT: Final = "yyyy-mm-dd"

# What XML 1.0 (and so openpyxl, which raises IllegalCharacterError) cannot hold,
# plus lone surrogates, which cannot even be encoded as UTF-8.
_ILLEGAL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CARRIAGE_RETURN: Final = re.compile("\r\n?")
# A CSV cell starting with one of these is run as a formula by spreadsheet apps
# (https://owasp.org/www-community/attacks/CSV_Injection); a leading ' shows it as text.
# A leading quote marks "this is text" to spreadsheets; text that itself starts with a
# quote gets one more, so stripping one quote always gives the original back.
_CSV_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")

Cell: TypeAlias = str | int | datetime | date | None
T = TypeVar("T")


class _Sheet(Protocol):
    def append(self, row: list[object]) -> None: ...


class Translate(Protocol):
    """A locale key (and its parameters) to the user's text, as `bot.i18n.Translator` does."""

    def __call__(self, key: str, /, **params: object) -> str: ...


@dataclass(frozen=True, slots=True)
class _Words:
    """Sheet names, headers and shown values of one export, in the user's language.

    Looked up once per export, not once per cell: a big export has millions of cells.
    """

    items_sheet: str
    clients_sheet: str
    items_file: str
    clients_file: str
    item_header: tuple[str, ...]
    client_header: tuple[str, ...]
    paused_header: tuple[str, ...]
    kinds: Mapping[str, str]
    item_statuses: Mapping[str, str]
    sources: Mapping[str, str]
    client_statuses: Mapping[str, str]
    channels: Mapping[str, str]
    t: Translate

    @classmethod
    def of(cls, t: Translate) -> _Words:
        # Kinds, client statuses and channels read as the bot shows them in the chat.
        return cls(
            items_sheet=t("export.sheet.items"),
            clients_sheet=t("export.sheet.clients"),
            items_file=t("export.file.items"),
            clients_file=t("export.file.clients"),
            item_header=tuple(t(f"export.items.{column}") for column in ITEM_COLUMNS),
            client_header=tuple(t(f"export.clients.{column}") for column in CLIENT_COLUMNS),
            paused_header=tuple(t(f"export.clients.{column}") for column in PAUSED_CONTACT_COLUMNS),
            kinds={kind: t(f"kinds.{kind}") for kind in get_args(ItemKind)},
            item_statuses={status: t(f"export.status.{status}") for status in get_args(ItemStatus)},
            sources={source: t(f"export.source.{source}") for source in get_args(ItemSource)},
            client_statuses={
                status: t(f"clients.status.{status}") for status in get_args(ClientStatus)
            },
            channels={channel: t(f"clients.channel.{channel}") for channel in CHANNELS},
            t=t,
        )

    def items_sheet_continued(self, number: int) -> str:
        """The title of the `number`th items sheet, once one sheet's rows ran out."""
        return self.t("export.sheet.items_continued", number=number)


def _words(t: Translate | None) -> _Words:
    # English, the bot's fallback language, for callers with no user (scripts, benchmarks).
    return _Words.of(t if t is not None else translator("en"))


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One row of the items sheet and CSV; datetimes are timezone-aware."""

    id: int
    created_at: datetime
    kind: ItemKind
    status: ItemStatus
    client: str | None
    title: str
    text: str
    due_at: datetime | None = None
    client_due_at: datetime | None = None
    source: ItemSource = "typed"
    origin_sender: str | None = None
    origin_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class ExportClient:
    """One row of the clients sheet; payment and report dates may be dates or aware datetimes."""

    name: str
    status: ClientStatus
    aliases: tuple[str, ...] = ()
    preferred_channel: str | None = None
    email: str | None = None
    contacts: str = ""
    last_payment: date | None = None
    next_payment: date | None = None
    next_report: date | None = None
    notes: str = ""
    open_items: int = 0


@dataclass(frozen=True, slots=True)
class ExportFiles:
    """What to send: each path is the file itself or, if it was too big, a .zip of it."""

    workbook: Path
    items_csv: Path
    clients_csv: Path
    items: int
    clients: int


class ExportTooLargeError(Exception):
    """Even zipped, the file is over the upload limit."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"{path.name} is {size} bytes zipped, over the {limit}-byte upload limit")
        self.path = path
        self.size = size
        self.limit = limit


def clean_text(text: str) -> str:
    """Text without characters a workbook cannot hold; line breaks as \\n."""
    return _ILLEGAL.sub("", _CARRIAGE_RETURN.sub("\n", text))


def _local(moment: datetime, tz: tzinfo) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime in export")
    return moment.astimezone(tz).replace(microsecond=0)


def _csv_value(value: Cell, tz: tzinfo) -> str | int:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value, tz).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        text = clean_text(value)
        return "'" + text if text.startswith(_CSV_FORMULA_START) else text
    return value


# `.get(code, code)`: a stored code the catalog has no word for is exported as stored,
# rather than failing the whole export.
def _item_row(item: ExportItem, words: _Words) -> tuple[Cell, ...]:
    return (
        item.id,
        item.created_at,
        words.kinds.get(item.kind, item.kind),
        words.item_statuses.get(item.status, item.status),
        item.client,
        item.title,
        item.text,
        item.due_at,
        item.client_due_at,
        words.sources.get(item.source, item.source),
        item.origin_sender,
        item.origin_date,
    )


def _channel(channel: str | None, words: _Words) -> str | None:
    return None if channel is None else words.channels.get(channel, channel)


def _client_row(client: ExportClient, words: _Words) -> tuple[Cell, ...]:
    return (
        client.name,
        words.client_statuses.get(client.status, client.status),
        ", ".join(client.aliases),
        _channel(client.preferred_channel, words),
        client.email,
        client.contacts,
        client.last_payment,
        client.next_payment,
        client.next_report,
        client.notes,
        client.open_items,
    )


class _CsvFile:
    """A CSV that Excel opens as UTF-8 (BOM) and never evaluates."""

    def __init__(self, path: Path, header: Iterable[str], tz: tzinfo, delimiter: str) -> None:
        self.path = path
        self._tz = tz
        # newline="": the csv module writes \r\n itself and quotes embedded newlines.
        self._file: IO[str] = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file, delimiter=delimiter)
        self._writer.writerow(header)

    def write(self, row: Iterable[Cell]) -> None:
        self._writer.writerow([_csv_value(value, self._tz) for value in row])

    def close(self) -> None:
        self._file.close()


def write_csv(
    path: Path, header: Iterable[str], rows: Iterable[Iterable[Cell]], tz: tzinfo, delimiter: str
) -> Path:
    """A whole CSV in one go (BOM, formula-safe), for small tables such as paused clients."""
    out = _CsvFile(path, header, tz, delimiter)
    try:
        for row in rows:
            out.write(row)
    finally:
        out.close()
    return path


class ExportWriter:
    """Synchronous, incremental writer of the workbook and the items and clients CSVs.

    Call `add_items` with batches, then `add_clients`, then `close`; `abort` on
    failure. A lock serialises the calls, so `write_export` can run them in worker
    threads and still abort safely while a cancelled batch is being written.
    `t` gives the sheet names, headers and shown values in the user's language.
    """

    def __init__(
        self,
        directory: Path,
        tz: tzinfo,
        *,
        t: Translate | None = None,
        name: str = "export",
        delimiter: str = ",",
        sheet_rows: int = EXCEL_MAX_ROWS,
    ) -> None:
        self.workbook_path = directory / f"{name}.xlsx"
        self._tz = tz
        self._words = _words(t)
        self._sheet_rows = sheet_rows
        self._lock = threading.Lock()
        self._workbook = Workbook(write_only=True)
        self._bold = Font(bold=True)
        self._items_sheet = self._sheet(
            self._words.items_sheet, self._words.item_header, _ITEM_WIDTHS
        )
        self._items_sheets = 1
        self._items_rows = 1
        self._clients_sheet: _Sheet | None = None
        self._csv = _CsvFile(
            directory / f"{name}-{self._words.items_file}.csv",
            self._words.item_header,
            tz,
            delimiter,
        )
        # The client table as CSV too: what a CRM or a colleague's spreadsheet imports.
        self._clients_csv = _CsvFile(
            directory / f"{name}-{self._words.clients_file}.csv",
            self._words.client_header,
            tz,
            delimiter,
        )
        self.items = 0
        self.clients = 0
        self._closed = False

    @property
    def csv_path(self) -> Path:
        return self._csv.path

    def _sheet(self, title: str, header: tuple[str, ...], widths: tuple[int, ...]) -> _Sheet:
        sheet = self._workbook.create_sheet(title)
        # A write-only sheet takes its layout before its first row, or never.
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        cells = []
        for title_text in header:
            cell = WriteOnlyCell(sheet, value=title_text)
            cell.font = self._bold
            cells.append(cell)
        sheet.append(cells)
        typed: _Sheet = sheet
        return typed

    def _cell(self, sheet: _Sheet, value: Cell) -> object:
        if isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, value=_local(value, self._tz).replace(tzinfo=None))
            cell.number_format = _DATETIME_FORMAT
            return cell
        if isinstance(value, date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = _DATE_FORMAT
            return cell
        if isinstance(value, str):
            text = clean_text(value)
            if text.startswith("=") or text in ERROR_CODES:
                # openpyxl would store "=…" as a formula and "#N/A" as an error;
                # an explicit string type keeps the user's text as text.
                cell = WriteOnlyCell(sheet, value=text)
                cell.data_type = "s"
                return cell
            return text
        return value

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("export writer is closed")

    def add_items(self, items: Iterable[ExportItem]) -> None:
        with self._lock:
            self._check_open()
            if self._clients_sheet is not None:
                raise RuntimeError("items must all be added before clients")
            for item in items:
                row = _item_row(item, self._words)
                self._csv.write(row)
                if self._items_rows == self._sheet_rows:
                    self._items_sheets += 1
                    title = self._words.items_sheet_continued(self._items_sheets)
                    self._items_sheet = self._sheet(title, self._words.item_header, _ITEM_WIDTHS)
                    self._items_rows = 1
                sheet = self._items_sheet
                sheet.append([self._cell(sheet, value) for value in row])
                self._items_rows += 1
                self.items += 1

    def add_clients(self, clients: Iterable[ExportClient]) -> None:
        with self._lock:
            self._check_open()
            sheet = self._clients()
            for client in clients:
                row = _client_row(client, self._words)
                self._clients_csv.write(row)
                sheet.append([self._cell(sheet, value) for value in row])
                self.clients += 1

    def _clients(self) -> _Sheet:
        if self._clients_sheet is None:
            self._clients_sheet = self._sheet(
                self._words.clients_sheet, self._words.client_header, _CLIENT_WIDTHS
            )
        return self._clients_sheet

    def close(self) -> tuple[Path, Path, Path]:
        """Finish the files; (workbook path, items CSV path, clients CSV path)."""
        with self._lock:
            self._check_open()
            self._clients()
            self._closed = True
            self._csv.close()
            self._clients_csv.close()
            self._workbook.save(self.workbook_path)
        return self.workbook_path, self.csv_path, self._clients_csv.path

    def abort(self) -> None:
        """Close and delete whatever was written."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._csv.close()
            self._clients_csv.close()
            self.csv_path.unlink(missing_ok=True)
            self._clients_csv.path.unlink(missing_ok=True)
            # Saving is the only public way to make openpyxl drop the temporary
            # files a write-only sheet spools its rows to.
            try:
                self._workbook.save(self.workbook_path)
            finally:
                self.workbook_path.unlink(missing_ok=True)


def fit_for_upload(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Path:
    """The file if it fits, else a deflated .zip of it (the original is removed)."""
    if path.stat().st_size <= max_bytes:
        return path
    archive = path.with_name(path.name + ".zip")
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.write(path, arcname=path.name)
    path.unlink()
    size = archive.stat().st_size
    if size > max_bytes:
        raise ExportTooLargeError(archive, size, max_bytes)
    return archive


async def _batches(rows: AsyncIterable[T] | Iterable[T], size: int) -> AsyncIterator[list[T]]:
    batch: list[T] = []
    if isinstance(rows, AsyncIterable):
        async for row in rows:
            batch.append(row)
            if len(batch) >= size:
                yield batch
                batch = []
    else:
        for row in rows:
            batch.append(row)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


async def write_export(
    directory: Path,
    tz: tzinfo,
    items: AsyncIterable[ExportItem] | Iterable[ExportItem],
    clients: AsyncIterable[ExportClient] | Iterable[ExportClient],
    *,
    t: Translate | None = None,
    name: str = "export",
    max_bytes: int = DEFAULT_MAX_BYTES,
    delimiter: str = ",",
    batch_size: int = 1000,
) -> ExportFiles:
    """Write `name`.xlsx and `name`-items.csv, `name`-clients.csv (the suffixes in the
    user's language) into `directory`,
    zipping what is too big.

    Raises ExportTooLargeError if a file is over `max_bytes` even zipped.
    `t` is the user's translator (English without one).
    `delimiter=";"` suits Excel in locales where the comma is the decimal mark (ru).
    """
    writer = await asyncio.to_thread(
        ExportWriter, directory, tz, t=t, name=name, delimiter=delimiter
    )
    try:
        async for item_batch in _batches(items, batch_size):
            await asyncio.to_thread(writer.add_items, item_batch)
        async for client_batch in _batches(clients, batch_size):
            await asyncio.to_thread(writer.add_clients, client_batch)
        workbook, items_csv, clients_csv = await asyncio.to_thread(writer.close)
    except BaseException:
        await asyncio.shield(asyncio.to_thread(writer.abort))
        raise
    return ExportFiles(
        workbook=await asyncio.to_thread(fit_for_upload, workbook, max_bytes),
        items_csv=await asyncio.to_thread(fit_for_upload, items_csv, max_bytes),
        clients_csv=await asyncio.to_thread(fit_for_upload, clients_csv, max_bytes),
        items=writer.items,
        clients=writer.clients,
    )


async def paused_contacts_csv(
    clients: AsyncIterable[ExportClient] | Iterable[ExportClient],
    path: Path,
    *,
    t: Translate | None = None,
    delimiter: str = ",",
) -> Path | None:
    """/export paused: name, email, contacts and channel of every paused client.

    None, and no file written, when no client is paused: an empty table tells nothing.
    """
    words = _words(t)
    rows: list[tuple[Cell, ...]] = []
    async for batch in _batches(clients, 500):
        rows.extend(
            (
                client.name,
                client.email,
                client.contacts,
                _channel(client.preferred_channel, words),
            )
            for client in batch
            if client.status == "paused"
        )
    if not rows:
        return None
    # No dates in these columns: the zone is never used.
    return await asyncio.to_thread(write_csv, path, words.paused_header, rows, UTC, delimiter)
