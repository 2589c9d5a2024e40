"""`naast verify-audit [--chunk-size N] [--anchor SEQ:HASH]`: check the audit log's hash chain.

Walks the chain from the newest checkpoint to its head in chunks (memory bounded), stores the
outcome for the privacy officer's audit screen and prints it: OK with the number of rows and the
head (`#SEQ:HASH`, keep it outside the database, e.g. in the cron mail or a log, and pass it back
with `--anchor` later: a chain rewritten from the start no longer contains it), or the first broken
row's id, sequence number and time. Never a row's content. Exit code 0 when intact, 1 when broken
(or the anchor does not match), 2 for a wrong argument. Cron: nightly (docs/security.md).
"""

import re

from django.core.management.base import BaseCommand, CommandError

from naast.privacy import chain

ANCHOR = re.compile(r"^#?(\d+):([0-9a-f]{64})$")


def describe_break(result: chain.Result) -> str:
    where = f"#{result.broken_seq}" if result.broken_seq is not None else "-"
    row = f"row id {result.broken_id} ({where}, {result.broken_at:%Y-%m-%d %H:%M:%S %Z})" if result.broken_id else where
    text = f"BROKEN at {row}: {result.problem_label}."
    if result.expected_seq is not None:
        text += f" Expected #{result.expected_seq} next."
    return text


class Command(BaseCommand):
    help = "Check the audit log's hash chain; prints OK and the head, or the first broken row (exit code 1)."

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=chain.DEFAULT_CHUNK,
                            help="rows read per query (default %(default)s)")
        parser.add_argument("--anchor", action="append", default=[], metavar="SEQ:HASH",
                            help="a head printed by an earlier run, kept outside the database: check it is still "
                                 "in the chain (may be given more than once)")

    def handle(self, *args, **options):
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1.", returncode=2)
        anchors = []
        for value in options["anchor"]:
            match = ANCHOR.match(value.strip().lower())
            if not match:
                raise CommandError(f"--anchor {value!r}: expected SEQ:HASH as printed by verify-audit "
                                   "(a number, a colon, 64 hexadecimal characters).", returncode=2)
            anchors.append((int(match[1]), match[2]))
        result = chain.verify(options["chunk_size"])
        chain.save_result(result, by="naast verify-audit")
        if not result.ok:
            raise CommandError(f"Audit log chain {describe_break(result)}", returncode=1)
        start = (f"from checkpoint #{result.checkpoint.seq} (pruned {result.checkpoint.created_at:%Y-%m-%d})"
                 if result.checkpoint else "from the first row")
        span = f"#{result.first_seq}-#{result.last_seq}" if result.rows else "no rows"
        seconds = (result.finished_at - result.started_at).total_seconds()
        self.stdout.write(f"Audit log chain OK: {result.rows} rows ({span}) verified {start} in {seconds:.1f} s.")
        self.stdout.write(f"Head: #{result.last_seq or 0}:{result.head_hash}")
        bad = []
        for seq, expected in anchors:
            found = chain.hash_at(seq)
            if found is None:
                self.stdout.write(f"Anchor #{seq}: no longer in the log (pruned or never written); not checked.")
            elif found != expected:
                bad.append(seq)
            else:
                self.stdout.write(f"Anchor #{seq}: matches.")
        if bad:
            raise CommandError(
                "Anchor " + ", ".join(f"#{seq}" for seq in bad) + " does not match: the chain was rewritten "
                "after that head was kept.", returncode=1)
