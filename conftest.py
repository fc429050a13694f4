"""pytest-level set-up for every test run; the domain fixtures live in jiefen/conftest.py.

The tests run on ``jiefen.settings``, the module production uses. That module refuses to start without a secret
key, so this file supplies test defaults first and only then sets Django up (which is why pyproject.toml does
not name DJANGO_SETTINGS_MODULE: pytest-django would load the settings before this file runs).

Markers: ``postgres`` tests are skipped, with the reason shown, unless the database is PostgreSQL; ``e2e`` tests
drive Debian's /usr/bin/chromium through playwright and are skipped when it is missing. In CI (``CI=true``)
neither is skipped: a missing browser fails its tests, and a run that skipped any test fails as a whole.
"""

import os
import secrets
import shutil

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiefen.settings")
os.environ.setdefault("JIEFEN_DEBUG", "false")
if not os.environ.get("JIEFEN_SECRET_KEY") and not os.environ.get("JIEFEN_SECRET_KEY_FILE"):
    os.environ["JIEFEN_SECRET_KEY"] = f"pytest-throwaway-{secrets.token_urlsafe(32)}"
if not os.environ.get("JIEFEN_PII_KEY") and not os.environ.get("JIEFEN_PII_KEY_FILE"):
    os.environ["JIEFEN_PII_KEY"] = f"pytest-throwaway-personal-data-{secrets.token_urlsafe(32)}"
# playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Background tasks run inline in tests, at the moment they are enqueued (after the commit that enqueues them).
os.environ.setdefault("JIEFEN_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

import django

django.setup()

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("JIEFEN_CHROMIUM", "/usr/bin/chromium")
# The flags this machine kind needs: no sandbox as root, and no background traffic to hosts it cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM) is not None


def database_vendor() -> str:
    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    if database_vendor() == "sqlite3":
        database = "sqlite3 (tests: in memory)"
    else:
        database = f"{database_vendor()} {db.get('HOST') or 'localhost'} (tests: test_{db['NAME']})"
    browser = CHROMIUM if chromium_available() else f"missing ({CHROMIUM})"
    return [
        f"jiefen: settings {settings.SETTINGS_MODULE}, DEBUG={settings.DEBUG}, database {database}, "
        f"chromium {browser}, CI={IN_CI}"
    ]


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and database_vendor() != "postgresql":
        pytest.skip("needs PostgreSQL: run script/test (its PostgreSQL pass) or set JIEFEN_DATABASE_URL=postgres://…")
    if item.get_closest_marker("e2e") and not chromium_available():
        message = f"browser test needs Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{message}; CI must run the browser tests", pytrace=False)
        pytest.skip(message)


def pytest_sessionfinish(session, exitstatus):
    """In CI every collected test must run: a skip hides exactly what CI is there to prove."""
    if not IN_CI or exitstatus != pytest.ExitCode.OK:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(
                f"CI=true: {len(skipped)} test(s) were skipped, and CI runs every test: failing the run.", red=True
            )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium, never a browser of playwright's own (`playwright install` cannot work here)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
