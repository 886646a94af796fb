import os
import time

from cleanup import main


def test_dry_run_keeps_files(tmp_path, capsys):
    old = tmp_path / "old.bin"
    old.write_bytes(b"x")
    long_ago = time.time() - 40 * 86400
    os.utime(old, (long_ago, long_ago))
    assert main([str(tmp_path), "--days", "30", "--dry-run"]) == 0
    assert old.exists()
    assert capsys.readouterr().out.strip() == str(old)


def test_deletes_old_files_only(tmp_path):
    old = tmp_path / "old.bin"
    new = tmp_path / "new.bin"
    old.write_bytes(b"x")
    new.write_bytes(b"y")
    long_ago = time.time() - 40 * 86400
    os.utime(old, (long_ago, long_ago))
    assert main([str(tmp_path), "--days", "30"]) == 0
    assert not old.exists()
    assert new.exists()
