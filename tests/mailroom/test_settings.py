"""`load_settings`: embedded defaults, the TOML file, MAILROOM_* variables, one-line errors."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from mailroom.poller import imap_settings, lease_ttl
from mailroom.settings import SettingsError, example_toml, load_settings
from mailroom.wiring import Workspace


def _write(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "mailroom.toml").write_text(text)


def test_an_empty_home_gets_embedded_defaults_inside_it(tmp_path: Path) -> None:
    # Given a home with no settings file and no environment
    # When settings are loaded
    settings = load_settings(home=tmp_path, environ={})

    # Then the database, stores and outbox live in the home, with sane defaults
    assert settings.database_url == f"sqlite:///{tmp_path / 'mailroom.sqlite3'}"
    assert settings.raw_dir == tmp_path / "raw"
    assert settings.outbox_dir == tmp_path / "outbox"
    assert settings.get("queue", "broker") == "inprocess"
    assert settings.from_address == "mailroom@mailroom.example"


def test_the_file_overrides_defaults_and_the_environment_overrides_the_file(
    tmp_path: Path,
) -> None:
    # Given a settings file and an environment that both set the batch size
    _write(tmp_path, '[queue]\nbatch_size = 50\n[mailroom]\nmail_domain = "lab.example"\n')
    environ = {"MAILROOM_QUEUE_BATCH_SIZE": "7"}

    # When settings are loaded
    settings = load_settings(home=tmp_path, environ=environ)

    # Then the environment wins over the file, and the file over the defaults
    assert settings.get("queue", "batch_size") == 7
    assert settings.mail_domain == "lab.example"
    assert settings.from_address == "mailroom@lab.example"


def test_environment_values_are_parsed_to_their_types(tmp_path: Path) -> None:
    # Given list, number and choice settings as environment strings
    environ = {"MAILROOM_IMAP_FOLDERS": "INBOX, Archive", "MAILROOM_IMAP_PORT": "143",
               "MAILROOM_CLASSIFIER_REVIEW_THRESHOLD": "0.7"}  # fmt: skip

    # When settings are loaded
    settings = load_settings(home=tmp_path, environ=environ)

    # Then each has its declared type
    assert settings.get("imap", "folders") == ("INBOX", "Archive")
    assert settings.get("imap", "port") == 143
    assert settings.review_threshold == 0.7


def test_mailroom_home_and_the_secret_shortcut_are_read_from_the_environment(
    tmp_path: Path,
) -> None:
    # Given MAILROOM_HOME and MAILROOM_SECRET
    environ = {"MAILROOM_HOME": str(tmp_path / "h"), "MAILROOM_SECRET": "s3cret"}

    # When settings are loaded without a home argument
    settings = load_settings(environ=environ)

    # Then both are used
    assert settings.home == (tmp_path / "h").resolve()
    assert settings.secret == b"s3cret"


def test_an_explicit_config_path_is_read_instead_of_the_homes_file(tmp_path: Path) -> None:
    # Given a settings file outside the home
    config = tmp_path / "elsewhere.toml"
    config.write_text('[summary]\nweekday = "fri"\n')

    # When settings are loaded with that path
    settings = load_settings(home=tmp_path / "home", config=config, environ={})

    # Then its values apply
    assert settings.get("summary", "weekday") == "fri"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[queue]\nbatch_size = 0\n", "queue.batch_size"),
        ('[imap]\nport = "imap"\n', "imap.port"),
        ('[queue]\nbroker = "kafka"\n', "queue.broker"),
        ('[database]\nurl = "mysql://x"\n', "database.url"),
        ("[classifier]\nreview_threshold = 1.5\n", "classifier.review_threshold"),
        ('[mailroom]\nmail_domain = "not a domain"\n', "mailroom.mail_domain"),
        ('[imap]\nuse_idle = "maybe"\n', "imap.use_idle"),
        ("[imap]\nidle_timeout = 3600\n", "imap.idle_timeout"),
        ("[imap]\nbackoff_cap = 0\n", "imap.backoff_cap"),
        ('[imap]\npost_process = "copy:Archive"\n', "imap.post_process"),
        ('[imap]\npost_process = "move:"\n', "imap.post_process"),
        ('[imap]\npost_process = "flag:two words"\n', "imap.post_process"),
        ('[imap]\ntls_ca_file = "/nonexistent/ca.pem"\n', "imap.tls_ca_file"),
        ("[imap]\nlease_seconds = 2\n", "imap.lease_seconds"),
        ('[queue]\nnamespace = "has space"\n', "queue.namespace"),
    ],
)
def test_a_bad_value_fails_with_one_line_naming_the_key(
    tmp_path: Path, text: str, key: str
) -> None:
    # Given a settings file with one bad value
    _write(tmp_path, text)

    # When settings are loaded
    with pytest.raises(SettingsError) as error:
        load_settings(home=tmp_path, environ={})

    # Then the error is one line naming the key
    assert f"setting {key}:" in str(error.value)
    assert "\n" not in str(error.value)


def test_an_unknown_key_in_the_file_is_named(tmp_path: Path) -> None:
    # Given a misspelt key
    _write(tmp_path, "[queue]\nbatch_sise = 5\n")

    # When settings are loaded
    with pytest.raises(SettingsError, match=r"unknown setting queue\.batch_sise"):
        load_settings(home=tmp_path, environ={})


def test_an_unknown_mailroom_variable_is_named(tmp_path: Path) -> None:
    # Given a misspelt MAILROOM_* variable next to unrelated ones
    environ = {"MAILROOM_QUEUE_BATCHSIZE": "5", "PATH": "/bin", "MAILROOMS": "x"}

    # When settings are loaded
    with pytest.raises(SettingsError, match="MAILROOM_QUEUE_BATCHSIZE"):
        load_settings(home=tmp_path, environ=environ)


def test_a_missing_explicit_config_file_is_an_error(tmp_path: Path) -> None:
    # Given a --config path that does not exist
    # When settings are loaded
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(home=tmp_path, config=tmp_path / "missing.toml", environ={})


def test_the_example_file_documents_every_key_and_loads_to_the_defaults(tmp_path: Path) -> None:
    # Given the defaults of an empty home, and the annotated example with every key uncommented
    defaults = load_settings(home=tmp_path, environ={})
    text = "\n".join(line.removeprefix("# ") if " = " in line else line
                     for line in example_toml().splitlines())  # fmt: skip
    _write(tmp_path, text)

    # When the example is loaded
    settings = load_settings(home=tmp_path, environ={})

    # Then it names every key and gives the same values as no file at all
    assert sum(len(t) for t in tomllib.loads(text).values()) == len(defaults.values)
    assert settings.values == defaults.values


def test_a_workspace_built_from_settings_initialises_in_their_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given settings for one home, and a different working directory
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "chosen"
    ws = Workspace.from_settings(load_settings(home=home, environ={}))

    # When the workspace is initialised (which creates the secret)
    ws.initialise()

    # Then everything, secret included, is in that home and nothing in ./.mailroom
    assert (home / "mailroom.sqlite3").exists()
    assert ws.settings.home == home.resolve()
    assert ws.settings.secret == (home / "secret.key").read_text().strip().encode()
    assert not (tmp_path / ".mailroom").exists()


def test_imap_robustness_settings_default_to_idle_no_post_processing_and_a_30s_lease(
    tmp_path: Path,
) -> None:
    # Given no settings file
    # When settings are loaded
    settings = load_settings(home=tmp_path, environ={})
    # Then IDLE is used, mail is left as it is, and the lease is 30 s
    imap = {key: settings.get("imap", key) for key in
            ("use_idle", "idle_timeout", "backoff_cap", "post_process", "tls_ca_file",
             "lease_seconds")}  # fmt: skip
    assert imap == {"use_idle": True, "idle_timeout": 300.0, "backoff_cap": 30.0,
                    "post_process": None, "tls_ca_file": "", "lease_seconds": 30.0}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("off", None),
        ("move:Mailroom/Filed", ("move", "Mailroom/Filed")),
        ("flag:$Filed", ("flag", "$Filed")),
        ("FLAG: \\Seen", ("flag", "\\Seen")),
    ],
)
def test_post_process_is_read_as_an_action_and_its_target(
    tmp_path: Path, text: str, expected: tuple[str, str] | None
) -> None:
    # Given imap.post_process in the environment
    environ = {"MAILROOM_IMAP_POST_PROCESS": text}
    # When settings are loaded
    settings = load_settings(home=tmp_path, environ=environ)
    # Then it is off, or an (action, target) pair
    assert settings.get("imap", "post_process") == expected


def test_imap_settings_carry_every_imap_key_to_the_source(tmp_path: Path) -> None:
    # Given a CA file and every robustness key set in the settings file
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    _write(tmp_path, f'[imap]\nhost = "imap.lab.example"\nusername = "u"\npassword = "p"\n'
                     f'use_idle = false\nidle_timeout = 600\nbackoff_cap = 120\n'
                     f'post_process = "flag:$Filed"\ntls_ca_file = "{ca}"\n')  # fmt: skip
    # When the IMAP source's settings are built from them
    imap = imap_settings(load_settings(home=tmp_path, environ={}))
    # Then each reaches the source
    assert (imap.use_idle, imap.idle_timeout, imap.backoff_cap) == (False, 600.0, 120.0)
    assert (imap.post_process, imap.tls_ca_file) == (("flag", "$Filed"), str(ca))


def test_an_empty_ca_file_means_the_system_trust_store(tmp_path: Path) -> None:
    # Given a mailbox and no tls_ca_file
    _write(tmp_path, '[imap]\nhost = "imap.lab.example"\nusername = "u"\npassword = "p"\n')
    # When the IMAP source's settings are built
    imap = imap_settings(load_settings(home=tmp_path, environ={}))
    # Then no extra CA file is given to TLS
    assert imap.tls_ca_file is None


def test_the_poller_lease_length_is_read_from_settings(tmp_path: Path) -> None:
    # Given a 90 s lease in the environment
    environ = {"MAILROOM_IMAP_LEASE_SECONDS": "90"}
    # When settings are loaded
    settings = load_settings(home=tmp_path, environ=environ)
    # Then the poller's lease lasts 90 s
    assert lease_ttl(settings) == timedelta(seconds=90)
