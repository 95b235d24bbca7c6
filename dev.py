#!/usr/bin/env python3
"""Set up and run the bot or its checks, with nothing but Python >= 3.11 installed.

    python3 dev.py run     # venv + pinned deps + .env, then the bot (long polling)
    python3 dev.py test    # venv + pinned dev deps, then ruff, mypy --strict and pytest
    python3 dev.py audit   # known-vulnerability audit of the pinned dependencies

Extra arguments after `test` go to pytest (e.g. `python3 dev.py test -k capture`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def _ensure_venv(lock: str) -> None:
    """Create .venv and install the lock file, again only when the lock changed."""
    if sys.version_info < (3, 11):
        major, minor = sys.version_info[:2]
        sys.exit(f"Python 3.11 or newer is needed (this is {major}.{minor}).")
    if not PYTHON.exists():
        _say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    locks = [ROOT / "requirements.lock", ROOT / lock]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in locks)).hexdigest()
    stamp = VENV / f".installed-{lock}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    _say(f"installing {lock}")
    subprocess.run(
        [
            str(PYTHON),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(ROOT / lock),
        ],
        check=True,
    )
    stamp.write_text(digest)


def _run(*args: str) -> int:
    return subprocess.run([str(PYTHON), *args], cwd=ROOT).returncode


def run() -> int:
    _ensure_venv("requirements.lock")
    env_file = ROOT / ".env"
    if not env_file.exists():
        shutil.copy(ROOT / ".env.example", env_file)
        _say("created .env from .env.example: put your BOT_TOKEN (from @BotFather) into it")
    return _run("-m", "bot")


def test(pytest_args: list[str]) -> int:
    _ensure_venv("requirements-dev.lock")
    steps = [
        ("ruff format --check", ["-m", "ruff", "format", "--check", "."]),
        ("ruff check", ["-m", "ruff", "check", "."]),
        ("mypy --strict", ["-m", "mypy"]),
        ("pytest", ["-m", "pytest", *pytest_args]),
    ]
    for name, args in steps:
        _say(name)
        code = _run(*args)
        if code != 0:
            _say(f"{name} failed (exit {code})")
            return code
    return 0


def audit() -> int:
    """pip-audit of the pinned runtime set. Packages the vulnerability service cannot look
    up (this workplace reaches only a PyPI mirror without per-version JSON) are listed as
    not audited; a known vulnerability in any that can be looked up fails the run."""
    _ensure_venv("requirements-dev.lock")
    return _run(
        "-m",
        "pip_audit",
        "--progress-spinner",
        "off",
        "--requirement",
        str(ROOT / "requirements.lock"),
        "--no-deps",
        "--disable-pip",
    )


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "run":
        return run()
    if command == "test":
        return test(argv[1:])
    if command == "audit":
        return audit()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
