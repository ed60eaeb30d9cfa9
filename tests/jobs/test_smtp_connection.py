"""A worker keeps its SMTP connection open from one e-mail to the next, against a real (tiny) SMTP server;
a connection the server closed while idle is opened again without costing the message anything."""

from __future__ import annotations

import socket
import socketserver
import threading

from app.extensions import db
from app.outbox import jobs as outbox_jobs
from app.outbox.jobs import deliver_email
from app.outbox.models import EmailStatus, OutgoingEmail
from tests.jobs.test_jobs import _stored_reset_mail


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.connections, self.messages, self.sessions = 0, 0, []


class _Session(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: _Server = self.server  # type: ignore[assignment]
        server.connections += 1
        server.sessions.append(self.connection)
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250 test\r\n")
            elif command == "DATA":
                self.wfile.write(b"354 go on\r\n")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                server.messages += 1
                self.wfile.write(b"250 queued\r\n")
            elif command == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


def test_one_connection_serves_message_after_message_and_a_dropped_one_is_opened_again(app, make_app):
    server = _Server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sender = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.server_address[1],
                          MAIL_USE_TLS=False, MAIL_USE_SSL=False, LANDA_HOLD_MAIL=False, MAIL_TIMEOUT=5)
        ids = [_stored_reset_mail(app, f"p{i}@example.se") for i in range(3)]
        with sender.app_context():
            assert [deliver_email(i) for i in ids] == ["sent"] * 3
        assert (server.connections, server.messages) == (1, 3)

        for connection in server.sessions:  # the server hangs up on the idle connection
            connection.shutdown(socket.SHUT_RDWR)
        later = _stored_reset_mail(app, "p9@example.se")
        with sender.app_context():
            assert deliver_email(later) == "sent"
            row = db.session.get(OutgoingEmail, later)
            assert (row.status, row.attempts) == (EmailStatus.SENT, 1)
        assert (server.connections, server.messages) == (2, 4)
        with sender.app_context():
            outbox_jobs._close(outbox_jobs._backend())
    finally:
        server.shutdown()
        server.server_close()
