from jiefen.workbench.tests.conftest import browser_context_args, live_network, login  # noqa: F401
