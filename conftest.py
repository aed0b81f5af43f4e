"""Root conftest: registers the shared fixture plugins (real servers on loopback)."""

pytest_plugins = [
    "tests.fixtures.services",
    "tests.fixtures.databases",
    "tests.fixtures.smtp",
    "tests.fixtures.dovecot",
    "tests.fixtures.redis",
    "tests.fixtures.live",
]
