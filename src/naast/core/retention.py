"""The core app's part of the data inventory (`naast.core.extensions`, "retention.py").

The outbox's messages of a request are deleted by the registry's retention (it knows references).
"""

from .extensions import NotPersonal, Personal

OUTBOX = "deleted once sent; after a day of failures only kind, reference and error stay; deleted on retention and erasure"

PERSONAL_FIELDS = {
    "OutgoingMail.kind": NotPersonal("a code"),
    "OutgoingMail.reference": NotPersonal("a help request's reference"),
    "OutgoingMail.to": Personal("the address an e-mail goes to (a resident, a staff member)", "nobody", OUTBOX, by_retention=False),
    "OutgoingMail.subject": Personal("an e-mail's subject", "nobody", OUTBOX, by_retention=False),
    "OutgoingMail.body": Personal("an e-mail's text (may hold a follow-up or survey link)", "nobody", OUTBOX, by_retention=False),
    "RunLock.name": NotPersonal("the name of a periodic command that runs now (SQLite's single-run lock)"),
    "RunLock.holder": NotPersonal("the host name and process id of the run holding the lock"),
    "OutgoingMail.last_error": Personal("the mail server's answer (may repeat the address)",
                                        "coordinators (a refused e-mail on the triage page)", OUTBOX, by_retention=False),
}
