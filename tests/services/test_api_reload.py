"""Snapshot refreshes of several workers: one reloads at a time, the first load never waits."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from embargo.services.api import SnapshotHolder, reload_lock_file
from embargo.services.screening import ScreeningSnapshot


def test_refresh_waits_for_the_reload_lock(snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    """While another worker holds the lock, a refresh that found a new catalog state
    waits, keeps serving the old snapshot, and swaps in the new one once released."""
    lock = tmp_path / "reload.lock"
    newer = replace(snapshot, token="newer-state")
    states = iter([snapshot, newer])
    holder = SnapshotHolder(
        lambda: next(states), lambda: "newer-state", lambda: reload_lock_file(lock)
    )
    holder.refresh()  # the first load: no lock, even while another worker holds it
    assert holder.snapshot is snapshot

    swapped: list[bool] = []
    with reload_lock_file(lock):
        worker = threading.Thread(target=lambda: swapped.append(holder.refresh()))
        worker.start()
        worker.join(timeout=0.5)
        assert worker.is_alive(), "the refresh did not wait for the lock"
        assert holder.snapshot is snapshot and not swapped
    worker.join(timeout=30)
    assert swapped == [True]
    assert holder.snapshot is newer


def test_first_load_does_not_take_the_lock(snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    lock = tmp_path / "reload.lock"
    holder = SnapshotHolder(
        lambda: snapshot, lambda: snapshot.token, lambda: reload_lock_file(lock)
    )
    with reload_lock_file(lock):
        assert holder.refresh() is True
    assert holder.ready


def test_unwritable_lock_place_still_reloads(snapshot: ScreeningSnapshot, tmp_path: Path) -> None:
    """No lock file can be made there (missing directory): reload without the lock."""
    newer = replace(snapshot, token="newer-state")
    states = iter([snapshot, newer])
    missing = tmp_path / "no" / "such" / "dir" / "reload.lock"
    holder = SnapshotHolder(
        lambda: next(states), lambda: "newer-state", lambda: reload_lock_file(missing)
    )
    holder.refresh()
    assert holder.refresh() is True
    assert holder.snapshot is newer and holder.last_error is None
