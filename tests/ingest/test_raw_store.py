from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ingest import RawStore


def test_put_returns_sha256_and_stores_under_two_level_fanout(tmp_path: Path) -> None:
    # Given an empty store
    store = RawStore(tmp_path / "raw")
    # When bytes are stored
    sha = store.put(b"From: a@b\r\n\r\nhi\r\n")
    # Then the key is their sha256 and the blob sits at ab/cd/<sha>
    assert sha == hashlib.sha256(b"From: a@b\r\n\r\nhi\r\n").hexdigest()
    assert store.path(sha) == tmp_path / "raw" / sha[:2] / sha[2:4] / sha
    assert store.get(sha) == b"From: a@b\r\n\r\nhi\r\n"


def test_storing_the_same_bytes_twice_is_a_no_op(tmp_path: Path) -> None:
    # Given bytes already stored
    store = RawStore(tmp_path)
    sha = store.put(b"same bytes")
    before = store.path(sha).stat().st_mtime_ns
    # When they are stored again
    again = store.put(b"same bytes")
    # Then the key is the same, the file untouched, and no temp files are left behind
    assert again == sha
    assert store.path(sha).stat().st_mtime_ns == before
    assert [p.name for p in store.path(sha).parent.iterdir()] == [sha]


def test_exists_is_false_for_unknown_sha(tmp_path: Path) -> None:
    # Given an empty store / When asking about an absent blob / Then it is not there
    store = RawStore(tmp_path)
    assert not store.exists("0" * 64)
    with pytest.raises(FileNotFoundError):
        store.get("0" * 64)


def test_path_refuses_a_key_that_is_not_a_sha256(tmp_path: Path) -> None:
    # Given a store / When a caller passes a path-like key / Then it is refused
    with pytest.raises(ValueError):
        RawStore(tmp_path).path("../../etc/passwd")


def test_put_many_stores_a_batch_and_returns_keys_in_order(tmp_path: Path) -> None:
    # Given an empty store and a batch holding the same bytes twice
    store = RawStore(tmp_path)
    blobs = [b"first", b"second", b"first"]
    # When the batch is stored
    shas = store.put_many(blobs)
    # Then each key is its blob's sha256, in order, and every blob reads back
    assert shas == [hashlib.sha256(b).hexdigest() for b in blobs]
    assert [store.get(sha) for sha in shas] == blobs


def test_put_many_leaves_no_temp_files_and_skips_stored_blobs(tmp_path: Path) -> None:
    # Given one blob already stored
    store = RawStore(tmp_path)
    old = store.put(b"old")
    before = store.path(old).stat().st_mtime_ns
    # When a batch holding it and a new blob is stored
    store.put_many([b"old", b"new"])
    # Then the stored blob is untouched and only final names are on disk
    assert store.path(old).stat().st_mtime_ns == before
    files = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert files == sorted([old, hashlib.sha256(b"new").hexdigest()])
