"""Versioned model artefacts: `<version>.joblib` beside its manifest `<version>.json`, and `active.json` naming the
one the platform uses. Training writes a new version and switches only when told, so that a retrained model can
be compared with the active one and an old one can be switched back.

Two directories hold versions:

- the shipped one, ``jiefen/triage/models/`` (``SHIPPED_DIR``): the model that comes with the code and its
  ``active.json``; read-only in a deployment;
- the writable one, ``settings.JIEFEN_TRIAGE_MODELS_DIR`` (default ``var/triage-models``): retrained versions, the
  active pointer the commands write, and ``activations.jsonl``, the append-only log of every switch.

A version is looked up in the writable directory first, then in the shipped one; the writable directory's
``active.json``, when present, overrides the shipped one. Without Django settings (the batch CLI before set-up,
a script) only the shipped directory counts. Every function takes an optional ``models_dir``: given, that one
directory alone is read and written (training into a scratch directory, or into the package to ship a model).
No ORM here: the classifier and the batch CLI use this module without a database.
"""

import getpass
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import joblib

SHIPPED_DIR = Path(__file__).resolve().parent / "models"
ACTIVE = "active.json"
LOG = "activations.jsonl"


class UnknownVersion(LookupError):
    pass


def writable_dir() -> Path | None:
    """``settings.JIEFEN_TRIAGE_MODELS_DIR`` when Django's settings are loaded, else None (never loads them)."""
    from django.conf import settings

    if not settings.configured:
        return None
    value = getattr(settings, "JIEFEN_TRIAGE_MODELS_DIR", None)
    return Path(value) if value else None


def search_dirs(models_dir: Path | None = None) -> list[Path]:
    """Where versions are looked for, first match wins."""
    if models_dir is not None:
        return [Path(models_dir)]
    writable = writable_dir()
    return [writable, SHIPPED_DIR] if writable is not None and writable != SHIPPED_DIR else [SHIPPED_DIR]


def target_dir(models_dir: Path | None = None) -> Path:
    """Where new versions, the active pointer and the activation log are written."""
    if models_dir is not None:
        return Path(models_dir)
    writable = writable_dir()
    if writable is None:
        raise RuntimeError("no writable model directory: Django settings (JIEFEN_TRIAGE_MODELS_DIR) are not loaded")
    return writable


def new_version(data_hash: str, models_dir: Path | None = None) -> str:
    base = f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{data_hash[:8]}"
    version, n = base, 1
    while any((directory / f"{version}.joblib").exists() for directory in search_dirs(models_dir)):
        n += 1
        version = f"{base}-{n}"
    return version


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_atomically(path: Path, text: str) -> None:
    """Readers (running processes checking the pointer) see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        # mkstemp makes the file private to its owner; the web and background workers, maybe another user, read it.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save(model, manifest: dict, models_dir: Path | None = None) -> Path:
    directory = target_dir(models_dir)
    directory.mkdir(parents=True, exist_ok=True)
    version = manifest["version"]
    artefact = directory / f"{version}.joblib"
    temporary = directory / f".{version}.joblib.tmp"
    joblib.dump(model, temporary, compress=3)
    os.replace(temporary, artefact)
    _write_atomically(directory / f"{version}.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return artefact


def locate(version: str, models_dir: Path | None = None) -> Path:
    """The directory holding ``version``'s artefact."""
    for directory in search_dirs(models_dir):
        if (directory / f"{version}.joblib").exists():
            return directory
    raise UnknownVersion(f"no triage model version {version!r} in {', '.join(str(d) for d in search_dirs(models_dir))}")


def pointer_files(models_dir: Path | None = None) -> list[Path]:
    """The ``active.json`` files that decide the active version, the overriding one first."""
    return [directory / ACTIVE for directory in search_dirs(models_dir)]


def pointer_stamp(models_dir: Path | None = None) -> tuple:
    """What changes when any active pointer is written: cheap (one ``stat`` per file), for running processes."""
    stamp = []
    for path in pointer_files(models_dir):
        try:
            status = path.stat()
        except FileNotFoundError:
            stamp.append((str(path), None))
        else:
            stamp.append((str(path), status.st_mtime_ns, status.st_ino, status.st_size))
    return tuple(stamp)


def active_version(models_dir: Path | None = None) -> str:
    for path in pointer_files(models_dir):
        if path.exists():
            return json.loads(path.read_text("utf-8"))["version"]
    raise FileNotFoundError(f"no {ACTIVE} in {', '.join(str(d) for d in search_dirs(models_dir))}")


def manifest(version: str, models_dir: Path | None = None) -> dict:
    return json.loads((locate(version, models_dir) / f"{version}.json").read_text("utf-8"))


def load(version: str, models_dir: Path | None = None):
    return joblib.load(locate(version, models_dir) / f"{version}.joblib")


def created_at(manifest: dict) -> str:
    """When a version was made: its manifest's ``created_at``, else the timestamp its name starts with (UTC)."""
    if manifest.get("created_at"):
        return manifest["created_at"]
    try:
        return datetime.strptime(manifest["version"][:15], "%Y%m%d-%H%M%S").replace(tzinfo=UTC).isoformat()
    except ValueError:
        return ""


def versions(models_dir: Path | None = None) -> list[dict]:
    """Every version's manifest, oldest first, with ``directory`` (where it is) and ``shipped`` added; a version
    in both directories is listed once, from the one that wins."""
    found: dict[str, dict] = {}
    for directory in search_dirs(models_dir):
        for path in sorted(directory.glob("*.json")):
            if path.name == ACTIVE or path.stem in found or not (directory / f"{path.stem}.joblib").exists():
                continue
            found[path.stem] = {
                **json.loads(path.read_text("utf-8")),
                "directory": str(directory),
                "shipped": directory == SHIPPED_DIR,
            }
    return sorted(found.values(), key=lambda entry: (created_at(entry), entry["version"]))


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor the password database (some containers)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"


def activate(version: str, models_dir: Path | None = None, *, by: str = "", reason: str = "") -> dict:
    """Make ``version`` the active one (forwards or back, the shipped one included) and append the switch to the
    activation log beside the pointer. Returns the log entry."""
    locate(version, models_dir)  # raises UnknownVersion
    directory = target_dir(models_dir)
    try:
        previous = active_version(models_dir)
    except FileNotFoundError:
        previous = None
    _write_atomically(directory / ACTIVE, json.dumps({"version": version}) + "\n")
    entry = {
        "version": version,
        "previous": previous,
        "by": by or default_actor(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "reason": reason,
    }
    if directory != SHIPPED_DIR:  # the package's own switches are recorded by its commits
        with open(directory / LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry


def activations(models_dir: Path | None = None) -> list[dict]:
    """The activation log, oldest first (empty when nothing was ever switched)."""
    try:
        directory = target_dir(models_dir)
    except RuntimeError:
        return []
    path = directory / LOG
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
