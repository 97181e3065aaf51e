"""Writing a file so that it is either the old one or the whole new one, never half of either.

Every file edu-rules writes (a report, a workbook, a converted or changed county
document, the template) goes through :func:`replacing` or :func:`write_file`: the
content is written to a temporary file in the target's own folder, flushed to the
disk (``fsync``), and renamed over the target in one step.  A write that fails —
a full disk, a folder that does not exist, no permission, an interrupted run —
leaves the earlier file as it was and removes the temporary one; the error names
the path and says why in the catalogue's words (:class:`edu_rules.model.errors.EduRulesError`,
exit 2 on the command line), never as a traceback.

The new file gets the old file's permissions, or those a plain ``open(path, "w")``
would give (0o666 less the umask).  A symbolic link stays a link: the file it points
to is replaced.  A target that exists and is not a regular file (``/dev/stdout``, a
named pipe) cannot be renamed over, so it is written directly.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from edu_rules._messages import Text, text
from edu_rules._text import visible
from edu_rules.model.errors import EduRulesError

__all__ = ["cannot_make_workbook", "cannot_write", "replacing", "write_file"]

_REASONS = {
    errno.ENOSPC: "output.reason.no_space",
    errno.EDQUOT: "output.reason.no_space",
    errno.EFBIG: "output.reason.too_big",
    errno.EACCES: "output.reason.denied",
    errno.EPERM: "output.reason.denied",
    errno.EROFS: "output.reason.read_only",
    errno.ENOENT: "output.reason.no_folder",
    errno.ENOTDIR: "output.reason.no_folder",
    errno.EISDIR: "output.reason.is_folder",
}
"""The catalogue's words for the usual reasons a write fails; others keep the system's."""


def _reason(error: OSError) -> Text | str:
    key = _REASONS.get(error.errno or 0)
    return text(key) if key is not None else str(error.strerror or error)


def cannot_write(path: str | os.PathLike[str], error: OSError) -> EduRulesError:
    """The error saying that ``path`` could not be written, and why (exit 2)."""
    said = text("output.cannot_write", path=visible(os.fspath(path)), error=_reason(error))
    return EduRulesError.about(said)


def cannot_make_workbook(folder: str, error: OSError) -> EduRulesError:
    """The error saying a workbook could not be made: its temporary files did not fit (exit 2)."""
    said = text("output.workbook_temp", path=visible(folder), error=_reason(error))
    return EduRulesError.about(said)


def _new_file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file: 0o666 less the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system allows a folder to be synced."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary stream whose content replaces ``path`` when the block ends without error.

    If the block raises, or the content cannot be written, ``path`` is left as it was.

    :raises EduRulesError: when the file cannot be written (its path and the reason).
    """
    shown = os.fspath(path)
    target = Path(shown)
    with contextlib.suppress(OSError):
        target = target.resolve() if target.is_symlink() else target
    try:
        special = target.exists() and not target.is_file()
    except OSError as error:
        raise cannot_write(shown, error) from error
    if special:  # a device or a pipe: nothing to rename over
        try:
            with target.open("wb") as direct:
                yield direct
        except OSError as error:
            raise cannot_write(shown, error) from error
        return
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        )
    except OSError as error:
        raise cannot_write(shown, error) from error
    written = Path(handle.name)
    try:
        try:
            with handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            mode = target.stat().st_mode & 0o7777 if target.exists() else _new_file_mode()
            written.chmod(mode)
            written.replace(target)
        except OSError as error:
            raise cannot_write(shown, error) from error
    except BaseException:
        with contextlib.suppress(OSError):
            written.unlink()
        raise
    _sync_folder(target.parent)


def write_file(path: str | os.PathLike[str], content: str | bytes) -> None:
    """Replace ``path`` by ``content`` (text is written as UTF-8), all or nothing.

    :raises EduRulesError: when the file cannot be written (its path and the reason).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    with replacing(path) as out:
        out.write(data)
