"""A real SMTP server for ``benches/jobs_faults.py``: accepts every message and appends one line per
recipient to a file (``<unix time> <recipient>``), flushed at once. Stopping it is an outage.

    python benches/helpers/smtp_sink.py PORT FILE
"""

from __future__ import annotations

import sys
import time

from aiosmtpd.controller import Controller


class Record:
    def __init__(self, path: str) -> None:
        self.out = open(path, "a", buffering=1)  # noqa: SIM115  # line-buffered: every line on disk at once

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  # aiosmtpd's hook name
        for recipient in envelope.rcpt_tos:
            self.out.write(f"{time.time():.3f} {recipient}\n")
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Record(path), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
