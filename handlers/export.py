"""/export: the workbook and the CSVs; /export paused: who to e-mail while they pause."""

from __future__ import annotations

import tempfile
from pathlib import Path

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import FSInputFile, Message

from bot.export import ExportTooLargeError, paused_contacts_csv, write_export
from bot.i18n import Translator
from bot.models import User
from bot.notebook import Notebook
from storage.exports import ExportRepository


async def cmd_export(
    message: Message,
    command: CommandObject,
    user: User,
    t: Translator,
    exports: ExportRepository,
    notebook: Notebook,
) -> None:
    args = (command.args or "").strip().lower()
    delimiter = str(t("export.csv_delimiter"))
    # Dated: a second export must not land on the first one in the user's downloads.
    today = notebook.now().astimezone(user.tz).date().isoformat()
    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        directory = Path(folder)
        if args in ("paused", "pause", "пауза"):
            path = await paused_contacts_csv(
                exports.clients(user.user_id, "paused"),
                directory / f"{t.plain('export.file.paused', date=today)}.csv",
                t=t,
                delimiter=delimiter,
            )
            if path is None:
                await message.answer(t("export.no_paused"))
            else:
                await message.answer_document(FSInputFile(path), caption=t("export.paused"))
            return
        if args:
            await message.answer(t("export.usage"))
            return
        if not await exports.has_anything(user.user_id):
            # Two files of headers only would tell nothing.
            await message.answer(t("export.nothing"))
            return
        try:
            files = await write_export(
                directory,
                user.tz,
                exports.items(user.user_id),
                exports.clients(user.user_id),
                t=t,
                name=t.plain("export.file.name", date=today),
                delimiter=delimiter,
            )
        except ExportTooLargeError:
            await message.answer(t("export.too_large"))
            return
        await message.answer_document(
            FSInputFile(files.workbook),
            caption=t(
                "export.done",
                items=t.plural("export.done_items", files.items),
                clients=t.plural("export.done_clients", files.clients),
            ),
        )
        await message.answer_document(FSInputFile(files.items_csv))
        await message.answer_document(FSInputFile(files.clients_csv))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_export, Command("export"))
    return router
