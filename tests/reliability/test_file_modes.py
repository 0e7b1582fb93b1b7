"""Health data is private: folders 0700 and files 0600 whatever the umask; nothing is
written through a planted symlink; exports write into a FIFO instead of replacing it."""

from __future__ import annotations

import array
import os
import threading
from pathlib import Path

import pytest

from hipcoach import applog
from hipcoach.private_files import UnsafePath, atomic_file, atomic_write
from hipcoach.settings import Settings, save, settings_path
from hipcoach.store import backup_dir, database_path
from hipcoach.store.backup import list_backups, make_backup
from hipcoach.store.engine import prepare_database
from hipcoach.store.instance import InstanceLock
from hipcoach.store.journal import journal_path
from tests.reliability.conftest import hipcoach, mode

pytestmark = pytest.mark.usefixtures("umask_022")


def _with_a_session(data_dir: Path) -> None:
    with prepare_database(data_dir) as db:
        store = db.store()
        sid = store.start_session(program_id="p", program_name="P", stage_id="s",
                                  stage_name="S", planned_sets=1)
        from hipcoach.domain.entries import SetEntry

        store.log_set(SetEntry(sid, "bridge", 1, 10, note="sore \"today\"\nbut ok"))


def test_database_backups_journal_and_folders_are_private(data_dir: Path) -> None:
    _with_a_session(data_dir)
    assert mode(data_dir) == 0o700
    db = database_path(data_dir)
    assert mode(db) == 0o600
    for companion in ("-wal", "-shm"):
        path = db.with_name(db.name + companion)
        if path.exists():
            assert mode(path) == 0o600
    assert mode(journal_path(data_dir)) == 0o600
    backup = make_backup(data_dir, "manual")
    assert mode(backup_dir(data_dir)) == 0o700 and mode(backup) == 0o600


def test_an_existing_world_readable_database_is_made_private(data_dir: Path) -> None:
    _with_a_session(data_dir)
    os.chmod(data_dir, 0o755)
    os.chmod(database_path(data_dir), 0o644)
    prepare_database(data_dir).close()
    assert mode(data_dir) == 0o700 and mode(database_path(data_dir)) == 0o600


def test_log_settings_and_lock_files_are_private(data_dir: Path) -> None:
    import logging

    path = applog.setup(data_dir)
    assert path is not None
    logging.getLogger("hipcoach.test").warning("a line")
    for handler in logging.getLogger("hipcoach").handlers:
        handler.flush()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    for handler in logging.getLogger("hipcoach").handlers:
        handler.close()
    logging.getLogger("hipcoach").handlers[:] = []
    save(data_dir, Settings())
    assert mode(settings_path(data_dir)) == 0o600
    lock = InstanceLock(data_dir)
    assert lock.acquire()
    lock.release()
    assert mode(lock.path) == 0o600


def test_a_symlink_planted_at_the_lock_is_refused_not_followed(data_dir: Path,
                                                               tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    data_dir.mkdir()
    (data_dir / "hipcoach.lock").symlink_to(victim)
    with pytest.raises(UnsafePath):
        InstanceLock(data_dir).acquire()
    assert victim.read_text() == "precious\n"


def test_settings_are_written_through_a_fresh_private_name(data_dir: Path,
                                                           tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    data_dir.mkdir()
    # the old fixed temporary name, planted as a link: no longer used at all
    (data_dir / "settings.json.tmp").symlink_to(victim)
    save(data_dir, Settings())
    assert victim.read_text() == "precious\n"
    assert settings_path(data_dir).is_file() and not settings_path(data_dir).is_symlink()


def test_atomic_write_never_leaves_half_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_write(target) as out:
        out.write("new, half")
        raise RuntimeError("stopped")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_file_publishes_with_the_mode_asked_and_refuses_links(tmp_path: Path) -> None:
    target = tmp_path / "entry.desktop"
    with atomic_file(target, mode=0o644) as partial:
        assert mode(partial) == 0o600 and partial.parent == tmp_path
        partial.write_text("[Desktop Entry]\n")
    assert target.read_text() == "[Desktop Entry]\n" and mode(target) == 0o644
    with pytest.raises(OSError), atomic_file(tmp_path / "x") as partial:
        partial.write_text("half")
        raise OSError("the writer failed")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "link").symlink_to(victim)
    with pytest.raises(UnsafePath), atomic_file(tmp_path / "link") as partial:
        partial.write_text("through the link")
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.desktop", "link", "victim.txt"]


def test_export_is_private_refuses_a_symlink_and_writes_into_a_fifo(data_dir: Path,
                                                                    tmp_path: Path) -> None:
    _with_a_session(data_dir)
    out = tmp_path / "sets.csv"
    done = hipcoach("export", "--csv", str(out), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert mode(out) == 0o600

    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    link = tmp_path / "link.csv"
    link.symlink_to(victim)
    refused = hipcoach("export", "--csv", str(link), "--data-dir", str(data_dir))
    assert refused.returncode == 1 and "symbolic link" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert victim.read_text() == "precious\n"

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    piped = hipcoach("export", "--csv", str(fifo), "--data-dir", str(data_dir))
    reader.join(30)
    assert piped.returncode == 0, piped.stderr
    assert fifo.is_fifo()  # still the FIFO, not replaced by a file
    assert received and received[0].decode().startswith("date,") and b"sore" in received[0]


def test_an_odd_backup_name_is_skipped_with_a_warning(data_dir: Path) -> None:
    _with_a_session(data_dir)
    make_backup(data_dir, "manual")
    odd = backup_dir(data_dir) / "auto-20241399-256199.db"
    odd.write_bytes(b"")
    skipped: list[str] = []
    assert len(list_backups(data_dir, skipped)) == 1 and skipped == [odd.name]
    listed = hipcoach("backup", "--list", "--data-dir", str(data_dir))
    assert listed.returncode == 0, listed.stderr
    assert "skipped auto-20241399-256199.db" in listed.stderr
    assert "manual" in listed.stdout and "Traceback" not in listed.stderr


def test_the_safety_answers_coach_decisions_and_sound_cache_are_private(data_dir: Path) -> None:
    from datetime import date

    from hipcoach.audio.volume import Pcm, write_pcm16
    from hipcoach.coach import decisions, profile
    from hipcoach.coach.safety import RED_FLAG_IDS

    answers = profile.Profile().with_all_answers(dict.fromkeys(RED_FLAG_IDS, False),
                                                 date(2026, 11, 30))
    profile.save(data_dir, answers)
    decisions.save(data_dir, [])
    assert mode(profile.profile_path(data_dir)) == 0o600
    assert mode(decisions.decisions_path(data_dir)) == 0o600
    cue = data_dir / "cache" / "sounds" / "8" / "go.wav"
    write_pcm16(cue, Pcm(1, 22050, array.array("h", [0, 100, -100])))
    assert mode(cue.parent) == 0o700
