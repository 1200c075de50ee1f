"""The command line never shows a traceback: bad input and bad paths exit 2 with a message in Thai and
English, anything unexpected exits 2 with a reference whose detail is in the log, and nothing from a
cell or a file name reaches the terminal raw."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analytics import cli
from analytics.auth import SYSTEM
from analytics.store import Store
from tests.conftest import ROOT


@pytest.fixture
def db(demo_db_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "cli.duckdb"
    target.write_bytes(demo_db_file.read_bytes())
    return target


def listing(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its content: what 'nothing changed' compares."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:  # argparse's own refusals
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


LONG_EXT = "x" * 250


@pytest.mark.parametrize(("argv", "words"), [
    (["audit", "--limit", "-1"], ["--limit must be a whole number of 1 or more, not -1.", "ต้องเป็นจำนวนเต็ม"]),
    (["audit", "--limit", "lots"], ["--limit must be a whole number of 1 or more, not lots."]),
    (["template", "kpi", "-o", "{tmp}/no/such/folder/kpi.xlsx"],
     ["The folder {tmp}/no/such/folder does not exist; create it first", "ไม่มีโฟลเดอร์"]),
    (["template", "kpi", "-o", "{tmp}"], ["{tmp} is a folder; name the file to write, such as {tmp}/kpi.xlsx",
                                          "เป็นโฟลเดอร์"]),
    (["template", "kpi", "-o", "{tmp}/kpi." + LONG_EXT + "xxxxxxxx"],
     ["is too long (262 bytes; the file system takes at most 255)", "ยาวเกินไป"]),
    (["export-deck", "--org", "DPIM", "--year", "2568", "-o", "{tmp}"],
     ["{tmp} is a folder; name the file to write, such as {tmp}/DPIM-2568.pptx"]),
    (["export-pdf", "--org", "DPIM", "--year", "2568", "-o", "{tmp}/missing/b.pdf"],
     ["The folder {tmp}/missing does not exist"]),
    (["import", "{tmp}/kpi." + LONG_EXT + "xxxxxxxx"], ["is too long (262 bytes"]),
    (["import", "{tmp}/no-such-file.csv"], ["No such file: {tmp}/no-such-file.csv", "ไม่พบไฟล์"]),
    (["import", "{tmp}"], ["No such file: {tmp}"]),
    (["report", "--org", "DPIM", "--year", "twenty"], ["the command is not right: argument --year: invalid int value",
                                                       "คำสั่งไม่ถูกต้อง"]),
    (["no-such-command"], ["the command is not right: argument command: invalid choice"]),
])
def test_bad_input_and_bad_paths_exit_2_with_a_message(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      argv: list[str], words: list[str]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    argv = [a.replace("{tmp}", str(work)) for a in argv] + ["--db", str(db)]
    before, before_work = db.read_bytes(), listing(work)
    code, out, err = run(argv, capsys)
    assert code == 2
    for w in words:
        assert w.replace("{tmp}", str(work)) in err, err
    assert "Traceback" not in out + err
    assert db.read_bytes() == before and listing(work) == before_work


def test_an_os_error_exits_2_naming_the_path(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk (or any OSError) while writing: a message with the file and the reason, exit 2."""
    target = tmp_path / "kpi.xlsx"

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    code, _, err = run(["template", "kpi", "-o", str(target)], capsys)
    assert code == 2
    assert f"Cannot use the file or folder {target}: No space left on device." in err
    assert f"ใช้ไฟล์หรือโฟลเดอร์ {target} ไม่ได้" in err and "Traceback" not in err
    assert not target.exists()


def test_the_unexpected_gets_a_reference_and_the_log_the_detail(db: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    logs = tmp_path / "logs"
    monkeypatch.setenv("PRAMERN_LOG_DIR", str(logs))

    def broken(store: Store, args: object) -> int:
        raise RuntimeError("secret detail: SELECT * FROM users")

    monkeypatch.setitem(cli.COMMANDS, "batches", broken)
    before = db.read_bytes()
    code, out, err = run(["batches", "--db", str(db)], capsys)
    assert code == 2
    assert "Something unexpected went wrong (reference " in err and "เกิดข้อผิดพลาดที่ไม่คาดคิด" in err
    assert "secret detail" not in out + err and "Traceback" not in out + err
    ref = err.split("(reference ")[1].split(")")[0]
    logged = (logs / "pramern-cli.log").read_text(encoding="utf-8")
    assert ref in logged and "Traceback" in logged and "secret detail" in logged
    assert db.read_bytes() == before


def test_no_traceback_on_stderr_in_a_real_process(db: Path, tmp_path: Path) -> None:
    """The cases of the issue, as a person runs them: exit 2, a message, no traceback."""
    env = {**os.environ, "PRAMERN_LOG_DIR": str(tmp_path / "logs")}
    for argv in (["audit", "--limit", "-1"], ["template", "kpi", "-o", str(tmp_path / "none" / "k.xlsx")],
                 ["export-deck", "--org", "DPIM", "--year", "2568", "-o", str(tmp_path)],
                 ["import", str(tmp_path / ("a." + LONG_EXT))]):
        done = subprocess.run([sys.executable, "-m", "analytics", *argv, "--db", str(db)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, (argv, done.stderr)
        assert done.stderr.strip() and "Traceback" not in done.stderr, done.stderr


def test_control_characters_never_reach_the_terminal_raw(db: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """An ESC sequence, a carriage return and a bidi override in what the CLI prints come out as \\uXXXX."""
    s = Store(db)
    try:
        s.append_audit(SYSTEM.email, "export", "evil\x1b[2J\x1b]0;pwned\x07\rname\u202e.xlsx")
    finally:
        s.close()
    for argv, shown in ((["audit", "--limit", "1"], "evil\\u001b[2J\\u001b]0;pwned\\u0007\\u000dname\\u202e.xlsx"),
                        (["audit", "--limit", "1", "--json"], "evil\\u001b[2J\\u001b]0;pwned\\u0007\\rname\\u202e.xlsx")):
        code, out, _ = run([*argv, "--db", str(db)], capsys)
        assert code == 0
        assert not any(c in out for c in "\x1b\x07\r\u202e"), repr(out)
        assert shown in out
    name = tmp_path / "bad\x1b[31mname.csv"
    name.write_text("not,a,pramern,file\n1,2,3,4\n", encoding="utf-8")
    code, out, err = run(["import", str(name), "--db", str(db)], capsys)
    assert code == 2 and "\x1b" not in out + err and "\\u001b[31m" in err


def test_a_250_character_extension_is_refused_and_nothing_kept(db: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A file whose extension is 250 characters long: exit 2 with a message, no batch, no kept file."""
    source = ROOT / "data" / "demo" / "01_orgs.csv"
    odd = tmp_path / ("orgs." + LONG_EXT)
    odd.write_bytes(source.read_bytes())
    before = db.read_bytes()
    code, out, err = run(["import", str(odd), "--db", str(db)], capsys)
    assert code == 2 and "Traceback" not in out + err
    assert "(250" in err or "250 " in err, err
    assert db.read_bytes() == before
    assert not (tmp_path / "cli_files").exists() or not list((tmp_path / "cli_files").iterdir())


def test_escape_keeps_thai_and_line_breaks() -> None:
    assert cli.escape("กพร. ผ่าน\nบรรทัดใหม่\tแท็บ") == "กพร. ผ่าน\nบรรทัดใหม่\tแท็บ"
    assert cli.escape("a\x00b\x7fc\x9bd") == "a\\u0000b\\u007fc\\u009bd"


def test_an_unknown_option_is_refused_without_echoing_its_value(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A password typed after an option that does not exist is never printed back."""
    code, out, err = run(["user", "add", "b@dpim.go.th", "--role", "viewer", "--password", "s3cret-typed-here",
                          "--db", str(db)], capsys)
    assert code == 2
    assert "unrecognized arguments: --password …" in err and "คำสั่งไม่ถูกต้อง" in err
    assert "s3cret-typed-here" not in out + err
