"""The learner's workspace: a private copy of ``release/`` that the course never overwrites."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.course.layout import Course

WORKSPACE_NAME = "my-work"
#: The environment variable naming the learner's workspace (``make lab`` sets it for the lab and its terminals).
WORKSPACE_ENV = "CURRICULUM_WORKSPACE"


def default_workspace(root: Path) -> Path:
    """The workspace a command uses when none is given: ``$CURRICULUM_WORKSPACE``, else ``my-work/`` in ``root``.

    >>> default_workspace(Path("/course")) == Path("/course/my-work") or WORKSPACE_ENV in os.environ
    True
    """
    configured = os.environ.get(WORKSPACE_ENV)
    return Path(configured) if configured else Path(root) / WORKSPACE_NAME


@dataclass
class WorkspaceUpdate:
    """What :func:`prepare_workspace` did: files copied in, and files left as the learner had them."""

    workspace: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"Workspace: {self.workspace}"]
        if self.copied:
            lines.append(f"  added {len(self.copied)} new file(s): " + ", ".join(self.copied))
        if self.kept:
            lines.append(f"  kept {len(self.kept)} file(s) you already have (never overwritten)")
        return "\n".join(lines)


def prepare_workspace(root: Path, workspace: Path | None = None) -> WorkspaceUpdate:
    """Copy every released file into the workspace, skipping any file that already exists there.

    Safe to run any number of times: a learner's notebook is never replaced, so
    new weeks arrive and old work stays.
    """
    course = Course(root)
    workspace = Path(workspace) if workspace else default_workspace(root)
    update = WorkspaceUpdate(workspace)
    if not course.release_dir.is_dir():
        raise FileNotFoundError(f"{course.release_dir} is missing: run `curriculum release` first")
    workspace.mkdir(parents=True, exist_ok=True)
    for src in sorted(course.release_dir.rglob("*")):
        if not src.is_file() or ".ipynb_checkpoints" in src.parts:
            continue
        rel = src.relative_to(course.release_dir)
        target = workspace / rel
        if target.exists():
            update.kept.append(rel.as_posix())
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
        update.copied.append(rel.as_posix())
    return update
