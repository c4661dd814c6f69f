"""Identity is proven, not claimed: the OS login (never LOGNAME or USER), `--as` only for admins
and recorded as the admin acting for the person, and over SSH the person of the key, with a short
allow-list of commands and no way to name another database, person or file."""

import os
import subprocess
import sys

import pytest

from spbe_tui.errors import SpbeError
from spbe_tui.services.evaluation import load_evaluation
from spbe_tui.services.identity import os_login
from spbe_tui.services.ssh_access import BEGIN, END, merged_authorized_keys, parse_public_key
from tests.databases import open_database
from tests.importing_helpers import db_content
from tests.panel_helpers import make_panel_db, score
from tests.reviewer_helpers import db_rows

ED25519 = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ8oMqQmBdvSbFG0sPdtUDrRU/UBNf1po7Jkk3dZ7svC ani@laptop")


@pytest.fixture
def db_path(tmp_path):
    path = make_panel_db(tmp_path)
    score(path, "ani", {n: 3 for n in range(1, 48)})
    return path


def run(*args, env=None, stdin=""):
    return subprocess.run([sys.executable, "-m", "spbe_tui", *args], capture_output=True, text=True,
                          input=stdin, env={**os.environ, "COLUMNS": "200", **(env or {})})


def test_logname_and_user_are_not_an_identity(db_path):
    before = db_content(db_path)
    # The login is an admin of this database, not the chair: a forged LOGNAME changes nothing.
    result = run("team-level", "--instansi", "kab-uji", "--indicator", "3", "--level", "4", "--justification", "x",
                 "--db", str(db_path), env={"LOGNAME": "ani", "USER": "ani"})
    assert result.returncode == 1 and f"{os_login()} is not" in result.stderr
    assert db_content(db_path) == before


def test_an_admin_acting_for_someone_is_recorded_as_such(db_path):
    result = run("team-level", "--instansi", "kab-uji", "--indicator", "3", "--level", "4", "--justification", "x",
                 "--db", str(db_path), "--as", "ani")
    assert result.returncode == 0, result.stderr
    actor, via = db_rows(db_path, "SELECT actor, via FROM events WHERE kind = 'team_level'")[0]
    assert (actor, via) == ("ani", os_login())
    assert run("audit", "verify", "--db", str(db_path)).returncode == 0


def test_rights_follow_the_person_acted_for(db_path):
    before = db_content(db_path)
    result = run("team-level", "--instansi", "kab-uji", "--indicator", "3", "--level", "4", "--justification", "x",
                 "--db", str(db_path), "--as", "budi")
    assert result.returncode == 1 and "only the chair" in result.stderr
    assert db_content(db_path) == before


def test_import_is_an_admins_work_once_there_is_one(db_path, tmp_path):
    from spbe_tui.services.people_admin import check_may_import
    from spbe_tui.services.rights import AccessDenied
    from tests.databases import open_database
    from tests.importing_helpers import write_bundle

    with pytest.raises(AccessDenied, match="only an admin may import"):
        check_may_import(open_database(db_path), "budi")
    bundle = write_bundle(tmp_path / "b" / "kab-baru", "kab-baru")
    assert run("import", str(bundle), "--db", str(db_path)).returncode == 0  # the login is an admin


def test_recommend_is_the_chairs(db_path):
    refused = run("recommend", "--instansi", "kab-uji", "--aspect", "1", "--text", "x", "--db", str(db_path),
                  "--as", "budi")
    assert refused.returncode == 1 and "only the chair" in refused.stderr
    assert run("recommend", "--instansi", "kab-uji", "--aspect", "1", "--text", "x", "--db", str(db_path),
               "--as", "ani").returncode == 0


# --- keys ---------------------------------------------------------------------------------------


def test_public_keys_are_parsed_and_private_keys_refused():
    key = parse_public_key(ED25519 + "\n", "ani.pub")
    assert key.key_type == "ssh-ed25519" and key.comment == "ani@laptop"
    assert key.fingerprint == "SHA256:onZa4s9P8OLTCNh3+0XhP888MZJ6/sisybAXaCJjj+k"  # as ssh-keygen -l prints it
    with pytest.raises(SpbeError, match="private key"):
        parse_public_key("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n", "id")
    with pytest.raises(SpbeError, match="not an OpenSSH public key"):
        parse_public_key('command="sh" ' + ED25519, "evil.pub")
    with pytest.raises(SpbeError, match="another type"):
        parse_public_key(ED25519.replace("ssh-ed25519", "ssh-rsa", 1), "mixed.pub")


def test_authorized_keys_keeps_the_lines_it_does_not_manage():
    existing = f"ssh-ed25519 AAAA admin-own\n{BEGIN}\nold managed line\n{END}\n# a note\n"
    merged = merged_authorized_keys(existing, ["new managed line"])
    assert merged.splitlines() == ["ssh-ed25519 AAAA admin-own", "# a note", BEGIN, "new managed line", END]


def test_keys_bind_to_one_person_and_become_forced_commands(db_path, tmp_path):
    pub = tmp_path / "ani.pub"
    pub.write_text(ED25519 + "\n")
    assert run("assessor", "key", "ani", str(pub), "--db", str(db_path)).returncode == 0
    again = run("assessor", "key", "budi", str(pub), "--db", str(db_path))
    assert again.returncode == 1 and "already belongs to ani" in again.stderr
    lines = run("ssh", "authorized-keys", "--db", str(db_path)).stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith('command="') and "ssh-session --db" in lines[0] and lines[0].endswith(" ani")
    assert ",restrict,pty ssh-ed25519 " in lines[0]


# --- the forced command --------------------------------------------------------------------------


def session(db_path, person, command, stdin=""):
    return run("ssh-session", "--db", str(db_path), person, env={"SSH_ORIGINAL_COMMAND": command}, stdin=stdin)


@pytest.mark.parametrize(("command", "message"), [
    ("sh", "'sh' is not available over SSH"),
    ("assessor add mallory --role admin", "'assessor' is not available over SSH"),
    ("import /tmp", "'import' is not available over SSH"),
    ("status --db /tmp/other.db", "--db is not available over SSH"),
    ("team-level --instansi kab-uji --indicator 3 --level 4 --justification x --as ani", "--as is not available"),
    ("export --out /tmp/x.csv", "use --out -"),
    ("audit seal", "only 'audit verify'"),
    ("status 'unclosed", "could not be read"),
])
def test_over_ssh_only_the_allowed_commands_run(db_path, command, message):
    before = db_content(db_path)
    result = session(db_path, "budi", command)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert db_content(db_path) == before


def test_over_ssh_the_key_is_the_person(db_path):
    result = session(db_path, "budi", "team-level --instansi kab-uji --indicator 3 --level 4 --justification x")
    assert result.returncode == 1 and "budi is not" in result.stderr
    done = session(db_path, "ani", "team-level --instansi kab-uji --indicator 3 --level 4 --justification ok")
    assert done.returncode == 0, done.stderr
    assert db_rows(db_path, "SELECT actor, via FROM events WHERE kind = 'team_level'") == [("ani", None)]


def test_export_over_ssh_writes_to_the_connection(db_path):
    result = session(db_path, "ani", "export --stage mandiri --allow-incomplete --out -")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("instansi_id,instansi_name")
    assert "institutions" in result.stderr


def test_a_long_export_keeps_other_assessors_blind_levels_hidden(db_path):
    """ani has scored kab-uji; budi, a member who has not submitted, must not read ani's levels or
    justifications in the long export until the chair reveals the stage."""
    command = "export --layout long --stage dokumen --allow-incomplete --out -"
    before_reveal = session(db_path, "budi", command)
    assert before_reveal.returncode == 0, before_reveal.stderr
    assert ",assessor,ani," not in before_reveal.stdout
    assert ",assessor,ani," in session(db_path, "ani", command).stdout  # one's own, always
    assert session(db_path, "ani", "reveal --instansi kab-uji").returncode == 0
    assert ",assessor,ani," in session(db_path, "budi", command).stdout


def test_each_person_sets_their_own_passphrase_and_nobody_elses(db_path):
    """Over SSH the key's person sets theirs; locally the login sets its own; there is no --as."""
    from spbe_tui.services.panel import PanelService

    done = session(db_path, "budi", "passphrase", stdin="budi-baru-sekali\n")
    assert done.returncode == 0 and done.stdout == "budi: passphrase set\n", done.stderr
    assert session(db_path, "budi", "passphrase --as ani", stdin="x" * 9).returncode == 1
    assert run("passphrase", "--db", str(db_path), "--as", "ani", stdin="x" * 9).returncode == 2  # no such option
    short = session(db_path, "budi", "passphrase", stdin="pendek\n")
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    db = open_database(db_path)
    service = PanelService(db, load_evaluation(db), "kab-uji")
    service.hand_over("budi", "budi-baru-sekali", "ani")
    with pytest.raises(SpbeError, match="wrong passphrase for ani"):
        service.hand_over("ani", "budi-baru-sekali", "budi")
    assert ("budi", "passphrase_set", None) in db_rows(db_path, "SELECT actor, kind, via FROM events")


def test_a_report_over_ssh_comes_back_through_the_connection(db_path):
    # A report needs at least one final level: the chair sets one.
    assert session(db_path, "ani", "team-level --instansi kab-uji --indicator 3 --level 4 --justification ok"
                   ).returncode == 0
    markdown = session(db_path, "budi", "report --instansi kab-uji --out -")
    assert markdown.returncode == 0 and markdown.stdout.startswith("# "), markdown.stderr
    html = session(db_path, "budi", "report --instansi kab-uji --out - --format html")
    assert html.returncode == 0 and "<html" in html.stdout, html.stderr
    refused = session(db_path, "budi", "report --instansi kab-uji --out laporan.md")
    assert refused.returncode == 1 and "use --out -" in refused.stderr
