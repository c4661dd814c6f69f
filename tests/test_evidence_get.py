"""`spbe-tui evidence get`: an indicator's original files into a folder or as a tar stream, each
checked against its sha256, for the institution's team, the Tim Reviu and admins only."""

import io
import os
import subprocess
import sys
import tarfile

import pytest
from typer.testing import CliRunner

from spbe_tui.cli import app as cli
from spbe_tui.errors import SpbeError
from spbe_tui.services.evidence_get import safe_name
from tests import evidence_ui_helpers
from tests.evidence_ui_helpers import FILES, INSTANSI

# The shared fixtures (a database built once per module, a copy per test), where pytest looks for them.
evidence_template, evidence_db = evidence_ui_helpers.evidence_template, evidence_ui_helpers.evidence_db


def get(db, *args, person="ani"):
    return CliRunner().invoke(cli, ["evidence", "get", "--db", str(db), "--as", person, *map(str, args)])


def refused(result, words):
    """Exit 1 with one line saying `words` (as main() prints a SpbeError)."""
    assert result.exit_code == 1 and isinstance(result.exception, SpbeError), (result.output, result.exception)
    message = str(result.exception)
    assert "\n" not in message and words in message, message
    return message


def test_the_files_are_copied_under_their_names(evidence_db, tmp_path):
    out = tmp_path / "unduhan"
    result = get(evidence_db, "--instansi", INSTANSI, "--indicator", 1, "--out", out)
    assert result.exit_code == 0, (result.output, result.exception)
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == sorted(FILES)
    for name, content in FILES.items():
        assert (out / name).read_bytes() == content
    assert result.output.strip() == f"{len(FILES)} evidence file(s), {sum(map(len, FILES.values())):,} bytes → {out}"


def test_an_existing_file_is_not_replaced_without_force(evidence_db, tmp_path):
    out = tmp_path / "unduhan"
    (out / "bukti").mkdir(parents=True)
    (out / "bukti" / "perbup.pdf").write_bytes(b"my own notes")
    message = refused(get(evidence_db, "--instansi", INSTANSI, "--indicator", 1, "--out", out), "--force")
    assert str(out / "bukti" / "perbup.pdf") in message
    assert [p.name for p in out.rglob("*") if p.is_file()] == ["perbup.pdf"]  # nothing else written either
    assert (out / "bukti" / "perbup.pdf").read_bytes() == b"my own notes"
    assert get(evidence_db, "--instansi", INSTANSI, "--indicator", 1, "--out", out, "--force").exit_code == 0
    assert (out / "bukti" / "perbup.pdf").read_bytes() == FILES["bukti/perbup.pdf"]


def test_a_link_in_the_folder_cannot_lead_outside_it(evidence_db, tmp_path):
    out, elsewhere = tmp_path / "unduhan", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "bukti").symlink_to(elsewhere)
    refused(get(evidence_db, "--instansi", INSTANSI, "--indicator", 1, "--out", out), "leads outside")
    assert list(elsewhere.iterdir()) == []


def test_a_tar_stream_on_standard_output(evidence_db):
    result = get(evidence_db, "--instansi", INSTANSI, "--indicator", 1, "--out", "-")
    assert result.exit_code == 0, (result.stderr, result.exception)
    with tarfile.open(fileobj=io.BytesIO(result.stdout_bytes), mode="r|") as archive:
        found = {member.name: archive.extractfile(member).read() for member in archive}
    assert found == FILES
    assert "evidence file(s)" in result.stderr


@pytest.mark.parametrize("person", ["budi", "rina", "admin"])
def test_the_team_the_tim_reviu_and_admins_may(evidence_db, tmp_path, person):
    from spbe_tui.services.identity import os_login

    who = os_login() if person == "admin" else person
    result = get(evidence_db, "--instansi", INSTANSI, "--indicator", 1, "--out", tmp_path / who, person=who)
    assert result.exit_code == 0, (result.output, result.exception)


def test_someone_not_on_the_team_may_not(evidence_db, tmp_path):
    result = get(evidence_db, "--instansi", INSTANSI, "--indicator", 1, "--out", tmp_path / "x", person="dodi")
    message = refused(result, "dodi")
    assert INSTANSI in message
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(("args", "words"), [
    (("--instansi", "kab-lain", "--indicator", 1), "kab-lain"),
    (("--instansi", INSTANSI, "--indicator", 99), "99"),
    (("--instansi", INSTANSI, "--indicator", 2), "submitted no evidence for indicator 2"),
])
def test_clear_refusals(evidence_db, tmp_path, args, words):
    refused(get(evidence_db, *args, "--out", tmp_path / "x"), words)


def test_a_missing_or_damaged_stored_file_is_named(evidence_db, tmp_path):
    store = evidence_db.with_name("spbe-evidence")
    stored = {p.suffix: p for p in store.rglob("*") if p.is_file()}
    stored[".csv"].write_bytes(b"kecamatan,penduduk\nUtara,1\n")
    refused(get(evidence_db, "--instansi", INSTANSI, "--indicator", 1, "--out", tmp_path / "x"),
            "evidence 'bukti/data.csv' is damaged in the store")
    stored[".csv"].unlink()
    refused(get(evidence_db, "--instansi", INSTANSI, "--indicator", 1, "--out", "-"),
            "evidence 'bukti/data.csv' cannot be read from the store")


def test_names_are_made_safe():
    sha = "ab" * 32
    assert safe_name("bukti/perbup.pdf", sha) == "bukti/perbup.pdf"
    assert safe_name("./bukti//a.pdf", sha) == "bukti/a.pdf"
    assert safe_name("../../etc/passwd", sha) == sha
    assert safe_name("/etc/cron.d/x.pdf", sha) == f"{sha}.pdf"
    assert safe_name("bukti/\x1b[2Ja.png", sha) == f"{sha}.png"


def test_over_ssh_the_files_come_back_through_the_connection(evidence_db, tmp_path):
    def session(person, command):
        return subprocess.run([sys.executable, "-m", "spbe_tui", "ssh-session", "--db", str(evidence_db), person],
                              capture_output=True, env={**os.environ, "SSH_ORIGINAL_COMMAND": command})

    streamed = session("budi", f"evidence get --instansi {INSTANSI} --indicator 1 --out -")
    assert streamed.returncode == 0, streamed.stderr
    with tarfile.open(fileobj=io.BytesIO(streamed.stdout), mode="r|") as archive:
        assert sorted(member.name for member in archive) == sorted(FILES)
    to_server = session("budi", f"evidence get --instansi {INSTANSI} --indicator 1 --out {tmp_path / 'x'}")
    assert to_server.returncode == 1 and b"--out -" in to_server.stderr and not (tmp_path / "x").exists()
    outsider = session("dodi", f"evidence get --instansi {INSTANSI} --indicator 1 --out -")
    assert outsider.returncode == 1 and outsider.stdout == b"" and b"dodi" in outsider.stderr


def test_the_refusals_read_in_indonesian(evidence_db, tmp_path):
    result = CliRunner().invoke(cli, ["--lang", "id", "evidence", "get", "--db", str(evidence_db), "--as", "ani",
                                      "--instansi", INSTANSI, "--indicator", "2", "--out", str(tmp_path / "x")])
    refused(result, "kab-bukti tidak menyertakan data dukung untuk indikator 2")
