"""Versioned model artefacts: `<version>.joblib` beside its manifest `<version>.json`, and `active.json` naming the
one the platform uses. Training writes a new version and switches only when told, so that a retrained model can
be compared with the active one and an old one can be switched back."""

import json
from datetime import UTC, datetime
from pathlib import Path

import joblib

MODELS_DIR = Path(__file__).resolve().parent / "models"
ACTIVE = "active.json"


def new_version(data_hash: str) -> str:
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{data_hash[:8]}"


def save(model, manifest: dict, models_dir: Path = MODELS_DIR) -> Path:
    models_dir.mkdir(parents=True, exist_ok=True)
    version = manifest["version"]
    joblib.dump(model, models_dir / f"{version}.joblib", compress=3)
    (models_dir / f"{version}.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return models_dir / f"{version}.joblib"


def activate(version: str, models_dir: Path = MODELS_DIR) -> None:
    if not (models_dir / f"{version}.joblib").exists():
        raise FileNotFoundError(f"no model {version} in {models_dir}")
    (models_dir / ACTIVE).write_text(json.dumps({"version": version}) + "\n", "utf-8")


def active_version(models_dir: Path = MODELS_DIR) -> str:
    return json.loads((models_dir / ACTIVE).read_text("utf-8"))["version"]


def manifest(version: str, models_dir: Path = MODELS_DIR) -> dict:
    return json.loads((models_dir / f"{version}.json").read_text("utf-8"))


def load(version: str, models_dir: Path = MODELS_DIR):
    return joblib.load(models_dir / f"{version}.joblib")
