"""`naast client-erase REFERENCE --reason TEXT [--confirm-open]`: erase what Naast holds about one
client (the resident's right to erasure), found by any reference of their help requests. The same
rule as the privacy officer's page (`naast.privacy.retention.erase_client`): refused while a
request is on legal hold, and while one is open unless `--confirm-open`; audited."""

from django.core.management.base import BaseCommand, CommandError

from naast.privacy.retention import ErasureRefused, client_by_reference, erase_client

MESSAGES = {
    "no_reason": "Give the reason for the erasure with --reason (for example the date and channel of the request).",
    "held": "Refused: a help request of this client is on legal hold ({refs}). Lift the hold first.",
    "open": "Refused: a help request of this client is still open ({refs}). Add --confirm-open to erase anyway.",
}


class Command(BaseCommand):
    help = "Erase the personal data of one client, found by any of their help-request references."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="a help-request reference of the client, e.g. HV-7K3M-9P2Q")
        parser.add_argument("--reason", default="", help="why (required; kept in the audit log)")
        parser.add_argument("--confirm-open", action="store_true", help="erase even though a request is open")

    def handle(self, *args, reference, reason, confirm_open, **options):
        from naast.privacy.retention import erasure_summary

        client = client_by_reference(reference)
        if client is None:
            raise CommandError(f"No help request with reference {reference.strip()!r}, or no resident recorded with it.")
        if not reason.strip():
            raise CommandError(MESSAGES["no_reason"])
        summary = erasure_summary(client)
        try:
            counts = erase_client(client, reason=reason, actor="command client-erase", confirm_open=confirm_open)
        except ErasureRefused as refusal:
            refs = ", ".join(summary.held_references if refusal.code == "held" else summary.open_references)
            raise CommandError(MESSAGES[refusal.code].format(refs=refs)) from None
        self.stdout.write(f"Client #{client.pk}: {summary.request_count} help requests erased.")
        for kind, count in sorted(counts.items()):
            if count:
                self.stdout.write(f"  {kind}  {count}")
