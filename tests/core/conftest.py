# A real SMTP server (aiosmtpd) that a test switches on, for the outbox tests.
from tests.intake.mailservers import mail_server  # noqa: F401
