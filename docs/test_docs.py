"""The documents and the test set-up tell the truth.

- docs/architecture.md's workflow section is what jiefen/cases/workflow.py says (docs/gen_workflow.py writes it).
- The tests run on the production settings module, and script/test's PostgreSQL pass really runs on PostgreSQL.
"""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

DOCS = Path(__file__).resolve().parent


def _gen_workflow():
    spec = importlib.util.spec_from_file_location("gen_workflow", DOCS / "gen_workflow.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_architecture_documents_the_current_workflow_table():
    gen = _gen_workflow()
    written = gen.current_section(gen.DOC.read_text(encoding="utf-8"))
    assert written == gen.render(), "docs/architecture.md is stale: run .venv/bin/python docs/gen_workflow.py"


def test_every_transition_is_in_the_architecture_document():
    from jiefen.cases.workflow import TRANSITIONS

    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    for (state, move), transition in TRANSITIONS.items():
        assert f"| `{state.value}` | `{move}` | `{transition.target.value}` |" in text


def test_the_tests_run_on_the_production_settings_module():
    assert settings.SETTINGS_MODULE == "jiefen.settings"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    assert not settings.SECRET_KEY.startswith("insecure-local-demo-key")


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_postgresql_pass_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_database()")
        version, database = cursor.fetchone()
    assert version.startswith("PostgreSQL")
    assert database.startswith("test_"), "pytest-django must have created its own test database"
