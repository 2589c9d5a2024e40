"""All-or-nothing imports of CSV and XLSX files, with line-numbered errors.

Every `naast import-*` command is a `TabularImportCommand`: it names its columns, validates
one row at a time (raising `RowError` with a message), and saves the cleaned rows. The base
reads the file (CSV with comma or semicolon, UTF-8 with or without BOM, or XLSX), checks the
header, collects *every* error with its line number, and writes nothing unless the whole file
is valid. Saving runs in one transaction, so a crash half-way leaves nothing half-written.
Re-running the same file changes nothing (saves are update-or-create on a natural key).
"""

from __future__ import annotations

import csv
import io
from abc import ABCMeta, abstractmethod
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from naast.core.commands import command_name
from naast.core.progress import Progress


class RowError(Exception):
    """A row is invalid; the message names the field and says what is wrong."""


class FileError(Exception):
    """The file as a whole cannot be read."""


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs of a CSV or XLSX file. Values are stripped strings."""
    if not path.exists():
        raise FileError(_("File not found: %(path)s") % {"path": path})
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(_("The file is not UTF-8 text (%(error)s). Save it as CSV UTF-8.") % {"error": exc}) from exc
    if not text.strip():
        raise FileError(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as exc:
        raise FileError(_("Line 1: %(error)s") % {"error": exc}) from exc

    def rows():
        try:
            for values in reader:
                if not any(v.strip() for v in values):
                    continue
                yield reader.line_num, _as_row(header, values, reader.line_num)
        except csv.Error as exc:
            raise FileError(_("Line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc}) from exc

    return header, rows()


def _as_row(header: list[str], values: list[str], line: int) -> dict[str, str]:
    if len(values) > len(header):
        raise FileError(
            _("Line %(line)s: %(found)s values, but the header has %(expected)s columns.")
            % {"line": line, "found": len(values), "expected": len(header)}
        )
    values = list(values) + [""] * (len(header) - len(values))
    return {h: (v or "").strip() for h, v in zip(header, values, strict=True)}


def _read_xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileError(_("The spreadsheet cannot be read: %(error)s") % {"error": exc}) from exc
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [str(h or "").strip().lower() for h in next(iterator)]
    except StopIteration as exc:
        raise FileError(_("The file is empty.")) from exc

    def cell(value) -> str:
        if value is None:
            return ""
        if hasattr(value, "date") and hasattr(value, "hour"):  # datetime: keep the date only
            return value.date().isoformat() if (value.hour, value.minute) == (0, 0) else value.isoformat()
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def rows():
        for line, values in enumerate(iterator, start=2):
            values = [cell(v) for v in values]
            if any(v.strip() for v in values):
                yield line, _as_row(header, values[: len(header)], line)

    return header, rows()


class TabularImportCommand(BaseCommand, metaclass=ABCMeta):
    """Base for `naast import-*` commands. Subclasses set `columns` and implement two methods."""

    required_columns: tuple[str, ...] = ()
    optional_columns: tuple[str, ...] = ()

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("CSV (comma or semicolon) or XLSX file"))
        parser.add_argument("--dry-run", action="store_true", help=_("Validate only; write nothing."))

    # --- to implement -------------------------------------------------------------------
    def prepare(self) -> None:
        """Load lookup tables once, before rows are validated."""

    @abstractmethod
    def row_key(self, cleaned: dict) -> object:
        """The natural key of a cleaned row, used to reject duplicates within one file."""

    @abstractmethod
    def clean_row(self, row: dict[str, str]) -> dict:
        """Validate one row; return cleaned values or raise RowError."""

    @abstractmethod
    def save_row(self, cleaned: dict) -> str:
        """Write one cleaned row; return 'created', 'updated' or 'unchanged'."""

    # --- shared machinery ---------------------------------------------------------------
    progress: Progress = Progress.silent()

    def handle(self, *args, **options):
        self.progress = Progress(command_name(self.__module__.rsplit(".", 1)[-1]), stream=self.stderr,
                                 quiet=options["verbosity"] == 0)
        try:
            result = self.run_import(options["file"], dry_run=options["dry_run"])
        except BaseException:
            self.progress.close()
            raise
        self.progress.done(f"{result['rows']:,} rows " + ("checked" if options["dry_run"] else "imported"))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(rows)s rows valid: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % result
            )
            + (" " + _("(dry run: nothing written)") if options["dry_run"] else "")
        )

    def run_import(self, path: Path, dry_run: bool = False) -> dict:
        errors, cleaned_rows = self.validate_file(Path(path))
        if errors:
            message = _("Nothing was imported. Fix these problems and run the import again:")
            raise CommandError("\n".join([message, *errors]))
        counts = Counter()
        if not dry_run:
            self.progress.stage("writing", total=len(cleaned_rows), unit="rows")
            with transaction.atomic():
                for _line, cleaned in cleaned_rows:
                    counts[self.save_row(cleaned)] += 1
                    self.progress.update()
        return {
            "rows": len(cleaned_rows),
            "created": counts["created"],
            "updated": counts["updated"],
            "unchanged": counts["unchanged"],
        }

    def validate_file(self, path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
        try:
            header, rows = read_rows(path)
            missing = [c for c in self.required_columns if c not in header]
            if missing:
                return [
                    _("Line 1: missing column(s): %(columns)s. Expected: %(expected)s.")
                    % {
                        "columns": ", ".join(missing),
                        "expected": ", ".join(self.required_columns + self.optional_columns),
                    }
                ], []
            self.header = header  # which optional columns the file has at all
            self.prepare()
            self.progress.stage("checking", unit="rows")
            errors: list[str] = []
            cleaned_rows: list[tuple[int, dict]] = []
            seen: dict[object, int] = {}
            for line, row in rows:
                self.progress.update()
                try:
                    cleaned = self.clean_row(row)
                except RowError as exc:
                    errors.append(_("Line %(line)s: %(error)s") % {"line": line, "error": exc})
                    continue
                key = self.row_key(cleaned)
                if key in seen:
                    errors.append(
                        _("Line %(line)s: duplicate of line %(first)s.") % {"line": line, "first": seen[key]}
                    )
                    continue
                seen[key] = line
                cleaned_rows.append((line, cleaned))
        except FileError as exc:
            return [str(exc)], []
        if not errors and not cleaned_rows:
            errors.append(_("The file has a header but no rows."))
        return errors, cleaned_rows


def required(row: dict[str, str], column: str) -> str:
    value = row.get(column, "")
    if not value:
        raise RowError(_("%(column)s is empty.") % {"column": column})
    return value


YES, NO = ("yes", "ja", "y", "j"), ("no", "nee", "n")


def yes_no(row: dict[str, str], column: str) -> bool | None:
    """A yes/no column: `yes`/`no` (also `ja`/`nee`) as True/False, empty as None (no answer)."""
    value = row.get(column, "").strip().lower()
    if not value:
        return None
    if value in YES:
        return True
    if value in NO:
        return False
    raise RowError(_("%(column)s must be yes, no or empty, not %(value)r.") % {"column": column, "value": value})


def without_nul(row: dict[str, str]) -> dict[str, str]:
    """The row, refused when a value holds a NUL character (PostgreSQL cannot store one in text)."""
    for column, value in row.items():
        if "\x00" in value:
            raise RowError(_("%(column)s contains a NUL character; save the file again as plain text.")
                           % {"column": column})
    return row
