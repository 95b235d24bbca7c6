"""Serve the emulator until killed: `python -m tests.emulator --port 8081`.

Prints `base_url=http://127.0.0.1:PORT` once listening, so a parent process can read it; the
test process drives it through the `/_control/...` HTTP API.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from .server import DEFAULT_TOKEN, TelegramEmulator


async def serve(host: str, port: int, token: str) -> None:
    emulator = TelegramEmulator(token, host=host, port=port)
    await emulator.start()
    print(f"base_url={emulator.base_url}", flush=True)
    for notice in emulator.notices:
        print(f"notice: {notice}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, args.token))


if __name__ == "__main__":
    main()
