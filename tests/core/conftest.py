# Real SMTP servers (aiosmtpd) for the outbox tests: one a test switches on, one that is slow.
from tests.intake.mailservers import mail_server, slow_smtp_server  # noqa: F401
