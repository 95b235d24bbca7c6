"""Configuration from the environment and `.env`."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# What @BotFather issues: the bot's numeric id, a colon, and a 35-character secret.
_TOKEN = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{30,}$")
# https://core.telegram.org/bots/api#setwebhook: secret_token is 1-256 of these characters.
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LISTEN = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[^:\s]+):(?P<port>\d{1,5})$")


class StorageSettings(BaseSettings):
    """What `python -m bot backup` needs: the database, and no token."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    database_path: Path = Path("data/bot.sqlite3")
    # Daily backups: where (default `backups/` beside the database), how many, when (UTC).
    backup_dir: Path | None = None
    backup_keep: int = Field(default=7, ge=0, le=1000)  # 0 turns the daily backup off
    backup_time: time = time(3, 30)

    @property
    def backups_path(self) -> Path:
        return self.backup_dir or self.database_path.parent / "backups"

    @field_validator("backup_dir", mode="before")
    @classmethod
    def _empty_dir_is_none(cls, value: object) -> object:
        return None if value == "" else value


class Settings(StorageSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    bot_token: SecretStr
    telegram_api_url: str = "https://api.telegram.org"
    allowed_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_timezone: str = "UTC"
    digest_time: time = time(9, 0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    holidays_country: str | None = None
    # Long-polling wait; tests shorten it so shutdown is quick.
    polling_timeout: int = Field(default=30, ge=0, le=50)
    # Quiet after the last forward before a burst becomes one conversation and one reply.
    forward_quiet_seconds: float = Field(default=1.5, gt=0, le=60)
    # How updates arrive: long polling, or Telegram POSTing them to WEBHOOK_URL.
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0:8080"

    @property
    def webhook_address(self) -> tuple[str, int]:
        """WEBHOOK_LISTEN as (host, port); port 0 picks a free one."""
        match = _LISTEN.match(self.webhook_listen)
        assert match is not None  # checked by the validator
        return match["host"].strip("[]"), int(match["port"])

    @field_validator("bot_mode", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _empty_webhook_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        # Telegram delivers webhooks over HTTPS only (TLS ends at your proxy or at Telegram's
        # allowed ports 443, 80, 88, 8443).
        if value is not None and not value.startswith("https://"):
            raise ValueError("must start with https://")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_charset(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        match = _LISTEN.match(value.strip())
        if not match or int(match["port"]) > 65535:
            raise ValueError("must be host:port, like 0.0.0.0:8080")
        return value.strip()

    @model_validator(mode="after")
    def _webhook_complete(self) -> Self:
        if self.bot_mode == "webhook":
            missing = [
                name
                for name, value in (
                    ("WEBHOOK_URL", self.webhook_url),
                    ("WEBHOOK_SECRET", self.webhook_secret),
                )
                if value is None
            ]
            if missing:
                raise PydanticCustomError(
                    "webhook_incomplete",
                    "BOT_MODE=webhook needs {missing} (see .env.example)",
                    {"missing": " and ".join(missing)},
                )
        return self

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN.match(value.get_secret_value().strip()):
            raise ValueError("malformed")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("allowed_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            return frozenset(int(part) for part in parts if part)
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("holidays_country", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value
