"""Real mail servers for the e-mail intake tests, started on 127.0.0.1 for the test session:
Dovecot (IMAP) from the Debian package with a throw-away configuration in a temporary
directory, and aiosmtpd (SMTP). Tests that need them skip with a reason when Dovecot is missing.
"""

from __future__ import annotations

import getpass
import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

DOVECOT = "/usr/sbin/dovecot"
IMAP_USER = "team@naast.test"
IMAP_PASSWORD = "imap-test-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mail_owner() -> tuple[int, int]:
    """Whose files the mailbox is: ours, or (as root, which Dovecot refuses) Dovecot's own user."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    try:
        entry = pwd.getpwnam("dovecot")
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid


def _dovecot_config(tmp: Path, port: int) -> str:
    uid, gid = mail_owner()
    if os.getuid() == 0:
        # As root, Dovecot's own unprivileged users run the helper and login processes.
        internal, login = "dovecot", "dovenull"
        try:
            pwd.getpwnam(internal), pwd.getpwnam(login)
        except KeyError:
            internal = login = "root"
    else:
        internal = login = getpass.getuser()
    group = grp.getgrgid(os.getgid()).gr_name
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
info_log_path = {tmp}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
default_internal_group = {internal if os.getuid() == 0 else group}
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:{tmp}/mail/%n
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={tmp}/mail/%n
}}
"""


class Dovecot:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = free_port()
        self.config = tmp / "dovecot.conf"

    def start(self) -> None:
        for sub in ("run", "state"):
            (self.tmp / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(self.tmp, 0o755)
        self.reset_mail()
        (self.tmp / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n")
        self.config.write_text(_dovecot_config(self.tmp, self.port))
        # Output goes to a file: the daemon keeps inherited pipes open, so a pipe would never close.
        with open(self.tmp / "start.log", "wb") as out:
            started = subprocess.run([DOVECOT, "-c", str(self.config)], stdout=out, stderr=out, timeout=30)
        if started.returncode:
            raise RuntimeError("Dovecot did not start: " + (self.tmp / "start.log").read_text())
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("Dovecot did not start: " + self.log())

    def reset_mail(self) -> None:
        mail = self.tmp / "mail"
        shutil.rmtree(mail, ignore_errors=True)
        mail.mkdir()
        os.chown(mail, *mail_owner())

    def stop(self) -> None:
        pid_file = self.tmp / "run" / "master.pid"
        subprocess.run([DOVECOT, "-c", str(self.config), "stop"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)
        deadline = time.monotonic() + 10
        while pid_file.exists() and time.monotonic() < deadline:  # wait, so the directory can go
            time.sleep(0.1)

    def log(self) -> str:
        path = self.tmp / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def imap(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(IMAP_USER, IMAP_PASSWORD)
        return conn

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver a test message the way a mail server would leave it: IMAP APPEND."""
        conn = self.imap()
        try:
            status, data = conn.append(folder, None, None, raw)
            assert status == "OK", data
        finally:
            conn.logout()

    def count(self, folder: str) -> int:
        conn = self.imap()
        try:
            status, data = conn.select(f'"{folder}"', readonly=True)
            return int(data[0]) if status == "OK" else 0
        finally:
            conn.logout()

    def settings(self) -> dict:
        return {"IMAP_HOST": "127.0.0.1", "IMAP_PORT": self.port, "IMAP_SECURITY": "none",
                "IMAP_USER": IMAP_USER, "IMAP_PASSWORD": IMAP_PASSWORD}


@pytest.fixture(scope="session")
def dovecot_server():
    if not os.path.exists(DOVECOT):
        pytest.skip("Dovecot is not installed (/usr/sbin/dovecot); install dovecot-imapd to run the e-mail intake tests")
    # Not pytest's tmp_path: that lies under a 0700 directory Dovecot's own users cannot enter.
    tmp = Path(tempfile.mkdtemp(prefix="naast-dovecot-"))
    server = Dovecot(tmp)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def dovecot(dovecot_server):
    """The session's Dovecot with an empty mailbox for each test."""
    dovecot_server.reset_mail()
    return dovecot_server


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        import email
        import email.policy

        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; Django sends to it over SMTP."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture
def mail_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that a test can switch on later: until then,
    nothing listens on its port and Django's SMTP backend is refused."""
    from aiosmtpd.controller import Controller

    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    class Server:
        inbox = Inbox()
        controller = None

        def start(self):
            self.controller = Controller(self.inbox, hostname="127.0.0.1", port=port)
            self.controller.start()

    server = Server()
    yield server
    if server.controller:
        server.controller.stop()


class SlowInbox(Inbox):
    """An inbox whose server takes `delay` seconds to accept each message, so a run of a few
    messages lasts long enough for a second sender to start meanwhile."""

    def __init__(self, delay: float):
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        import asyncio

        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that takes 0.2 s per message; `.port` and
    `.env` (the variables a `naast` process needs to send to it)."""
    from aiosmtpd.controller import Controller

    port = free_port()
    inbox = SlowInbox(0.2)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 10
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    inbox.port = port
    inbox.env = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
                 "EMAIL_PORT": str(port), "EMAIL_USE_TLS": "0", "EMAIL_USE_SSL": "0"}
    yield inbox
    controller.stop()
