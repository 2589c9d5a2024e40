"""The media files (`MEDIA_ROOT`): listed for a backup, and swapped in whole by a restore.

A restore first writes the archive's files into a hidden folder inside `MEDIA_ROOT` (so it is on
the same file system, also when `MEDIA_ROOT` is a mount point), and only after the database has
been restored moves the old entries aside and the new ones into place, then removes the old ones.
Hidden folders named `.naast-*` are Naast's own work folders and never part of a backup.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

WORK_PREFIX = ".naast-"


def media_files(root: Path) -> list[tuple[Path, str, int]]:
    """(file, name in the archive, size) of every regular file under `root`, in a stable order."""
    found = []
    if not root.is_dir():
        return found
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        if here == root:  # a restore's or backup's work files, an archive being written here
            subfolders[:] = [name for name in subfolders if not name.startswith(WORK_PREFIX)]
            files = [name for name in files if not name.startswith(WORK_PREFIX)]
        subfolders.sort()
        for name in sorted(files):
            path = here / name
            try:
                status = path.lstat()
            except FileNotFoundError:  # removed meanwhile
                continue
            if stat.S_ISREG(status.st_mode):
                found.append((path, "media/" + path.relative_to(root).as_posix(), status.st_size))
    return found


def work_folder(root: Path, purpose: str) -> Path:
    """A new hidden folder inside `root` (created when missing) for a restore's files."""
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{purpose}-", dir=root))


def replace_contents(root: Path, prepared: Path) -> None:
    """Make the entries of `prepared` the contents of `root`: the old ones are moved aside first and
    removed once the new ones are in place."""
    old = work_folder(root, "old")
    for entry in list(root.iterdir()):
        if not entry.name.startswith(WORK_PREFIX):
            entry.rename(old / entry.name)
    for entry in list(prepared.iterdir()):
        entry.rename(root / entry.name)
    prepared.rmdir()
    shutil.rmtree(old, ignore_errors=True)
