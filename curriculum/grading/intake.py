"""What of a submission folder is graded: its regular notebook files, copied to a private staging folder.

nbgrader reads ``submitted/<student>/<week>/`` and copies every file in it into ``autograded/`` and
later ``feedback/``, following symbolic links. So a link named ``assignment.ipynb`` that points at
``source/`` would be graded as the solutions, and any other file (a copy of the gradebook, say)
would travel to the student's feedback. :func:`stage_submission` copies only what may be graded:

* regular ``.ipynb`` files up to :data:`MAX_NOTEBOOK_BYTES`, and nbgrader's ``timestamp.txt``;
* never a symbolic link, a device, a pipe or a folder: each is refused with a note;
* never any other file: each is listed as not graded.

The student's own folder is only read.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "in").mkdir(), (d / "in" / "assignment.ipynb").write_text("{}"), (d / "in" / "notes.txt").write_text("x")
>>> staged, notes = stage_submission(d / "in", d / "out")
>>> sorted(p.name for p in staged.iterdir()), notes
(['assignment.ipynb'], ['notes.txt is not a notebook: it was not graded (only .ipynb files are)'])
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

#: Largest notebook file graded, in bytes.
MAX_NOTEBOOK_BYTES = 20 * 2**20
TIMESTAMP_NAME = "timestamp.txt"
_MAX_TIMESTAMP_BYTES = 200


def stage_submission(folder: Path, staging: Path) -> tuple[Path, list[str]]:
    """Copy what may be graded from ``folder`` into ``staging`` (made afresh); return it and the notes."""
    folder, staging = Path(folder), Path(staging)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    notes: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        return staging, [f"the submission folder could not be read ({exc.strerror})"]
    for entry in entries:
        name = entry.name
        info = os.lstat(entry.path)
        if stat.S_ISLNK(info.st_mode):
            notes.append(f"{name} is a symbolic link: refused (submit the file itself, not a link to it)")
            continue
        if stat.S_ISDIR(info.st_mode):
            if name not in (".ipynb_checkpoints", "__pycache__"):
                notes.append(f"{name}/ is a folder: not graded (only the notebooks beside it are)")
            continue
        if not stat.S_ISREG(info.st_mode):
            notes.append(f"{name} is not a regular file: refused")
            continue
        if name == TIMESTAMP_NAME:
            if info.st_size <= _MAX_TIMESTAMP_BYTES:
                _copy_regular(entry.path, staging / name)
            continue
        if not name.endswith(".ipynb"):
            notes.append(f"{name} is not a notebook: it was not graded (only .ipynb files are)")
            continue
        if info.st_size > MAX_NOTEBOOK_BYTES:
            notes.append(f"{name} is {info.st_size / 2**20:,.0f} MB, over the {MAX_NOTEBOOK_BYTES // 2**20} MB "
                         "a notebook may be: it was not graded (clear its outputs and submit again)")
            continue
        _copy_regular(entry.path, staging / name)
    return staging, notes


def _copy_regular(source: str, target: Path) -> None:
    """Copy a file without following a link that appears between the check and the copy."""
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, length=1 << 20)
