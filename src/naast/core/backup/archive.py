"""The archive file: a tar file, compressed with gzip when its name ends in `.gz` or `.tgz`, with in
this order `manifest.json`, the database (`database.sqlite3` or `database.pgdump`) and the media
files under `media/`. The manifest comes first so that a restore can refuse a wrong archive before
reading the rest.

Writing goes to a temporary file (readable by its owner only) in the archive's folder, moved to its
name when complete: a backup that fails leaves no half-written archive. Reading accepts nothing but
those members, and only regular files and folders under `media/` with plain relative paths.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from . import BackupError
from .manifest import dumps, loads
from .progress import ProgressLine, number, size

MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


def compressed(path: Path) -> bool:
    """Whether an archive of this name is gzip-compressed (the name says so: .tar.gz, .tgz)."""
    return path.name.lower().endswith((".gz", ".tgz"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


class _Counting:
    """A file read through while a callback learns how many bytes have passed."""

    def __init__(self, stream, on_read):
        self.stream, self.on_read, self.count = stream, on_read, 0

    def read(self, n=-1) -> bytes:
        data = self.stream.read(n)
        self.count += len(data)
        self.on_read(self.count)
        return data


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """A member without the owner's names and ids of this machine."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


class Writer:
    """`with Writer(path, force) as archive:` ... the archive appears under `path` only when complete."""

    def __init__(self, path: Path, *, force: bool):
        self.path, self.force = path, force

    def __enter__(self) -> Writer:
        fd, name = tempfile.mkstemp(prefix=".naast-backup-", suffix=".part", dir=self.path.parent)
        self.temporary = Path(name)
        self.raw = os.fdopen(fd, "wb")
        mode = "w:gz" if compressed(self.path) else "w"
        options = {"compresslevel": 6} if compressed(self.path) else {}
        self.tar = tarfile.open(fileobj=self.raw, mode=mode, format=tarfile.PAX_FORMAT, **options)
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            self.tar.close()
            self.raw.close()
            if kind is None:
                if self.path.exists() and not self.force:
                    raise BackupError(_("%(path)s was created while the backup ran; the backup was not saved.")
                                      % {"path": self.path})
                os.replace(self.temporary, self.path)
        finally:
            self.temporary.unlink(missing_ok=True)

    def add_manifest(self, manifest: dict) -> None:
        data = dumps(manifest)
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        self.tar.addfile(_plain(info), io.BytesIO(data))

    def add_file(self, path: Path, name: str, on_read=None) -> int:
        """Add a file under `name` (`on_read(bytes so far)` while it is copied); its size in bytes."""
        with path.open("rb") as stream:
            info = _plain(self.tar.gettarinfo(arcname=name, fileobj=stream))
            self.tar.addfile(info, _Counting(stream, on_read) if on_read else stream)
        return info.size


class Reader:
    """An archive read once from start to end: `manifest()`, then `extract_database()`, then `extract_media()`."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.tar = tarfile.open(path, "r:*")
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise self.damaged(exc) from exc
        self.members = iter(self.tar)

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.tar.close()

    def damaged(self, error) -> BackupError:
        return BackupError(_("%(path)s cannot be read as a Naast backup (%(error)s). Is it the right file, and "
                             "was it copied completely?") % {"path": self.path, "error": error})

    def _next(self) -> tarfile.TarInfo | None:
        try:
            return next(self.members)
        except StopIteration:
            return None
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise self.damaged(exc) from exc

    def manifest(self) -> dict:
        member = self._next()
        if member is None or member.name != MANIFEST or not member.isfile():
            raise self.damaged(_("it does not start with %(name)s") % {"name": MANIFEST})
        return loads(self._read(member).read())

    def _read(self, member: tarfile.TarInfo):
        try:
            return self.tar.extractfile(member)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise self.damaged(exc) from exc

    def extract_database(self, target: Path, database: dict, progress: ProgressLine) -> None:
        """Write the database member to `target`, checking its size and SHA-256 against the manifest."""
        member = self._next()
        if member is None or member.name != database["file"] or not member.isfile():
            raise self.damaged(_("the database file %(name)s is missing") % {"name": database["file"]})
        digest = hashlib.sha256()
        written = 0
        source = self._read(member)
        try:
            with target.open("xb") as stream:
                while block := source.read(CHUNK):
                    stream.write(block)
                    digest.update(block)
                    written += len(block)
                    progress.update(_("Reading the database: %(size)s of %(total)s")
                                    % {"size": size(written), "total": size(member.size)})
        except (tarfile.TarError, EOFError, zlib.error) as exc:
            raise self.damaged(exc) from exc
        if written != database["bytes"] or digest.hexdigest() != database["sha256"]:
            raise self.damaged(_("the database file differs from the one the backup wrote"))

    def extract_media(self, target: Path, progress: ProgressLine) -> tuple[int, int]:
        """Write the media members into the folder `target`; (files, bytes)."""
        files = total = 0
        while (member := self._next()) is not None:
            if member.isdir() and member.name.rstrip("/") == MEDIA:
                continue
            relative = _media_path(member)
            if relative is None:
                raise self.damaged(_("it holds %(name)s, which a Naast backup never holds") % {"name": member.name})
            path = target.joinpath(*relative.parts)
            if member.isdir():
                path.mkdir(parents=True, exist_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            source = self._read(member)
            try:
                with path.open("xb") as stream:
                    while block := source.read(CHUNK):
                        stream.write(block)
            except (tarfile.TarError, EOFError, zlib.error, FileExistsError) as exc:
                raise self.damaged(exc) from exc
            os.utime(path, (member.mtime, member.mtime))
            files += 1
            total += member.size
            progress.update(_("Reading the media files: %(files)s (%(size)s)") % {"files": number(files), "size": size(total)})
        return files, total


def _media_path(member: tarfile.TarInfo) -> PurePosixPath | None:
    """The path of a media member below `media/`, or None for anything else (links, devices, `..`)."""
    path = PurePosixPath(member.name)
    if not (member.isfile() or member.isdir()) or path.is_absolute() or ".." in path.parts:
        return None
    if len(path.parts) < 2 or path.parts[0] != MEDIA or "\\" in member.name:
        return None
    return PurePosixPath(*path.parts[1:])
