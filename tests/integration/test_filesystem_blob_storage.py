"""Files kept on the local filesystem, by keys the service makes."""

from pathlib import Path

import pytest

from cvimprover.adapters.storage.filesystem_blob_storage import FilesystemBlobStorage

PDF = "application/pdf"


@pytest.fixture
def storage(tmp_path: Path) -> FilesystemBlobStorage:
    return FilesystemBlobStorage(tmp_path / "files")


def test_a_stored_file_comes_back_byte_for_byte(storage: FilesystemBlobStorage) -> None:
    storage.put("cvs/7/3f2a-resume", b"%PDF-1.7\x00\xff", PDF)

    assert storage.get("cvs/7/3f2a-resume") == b"%PDF-1.7\x00\xff"


def test_storing_again_under_a_key_replaces_the_file_and_leaves_no_temporary_file(
    storage: FilesystemBlobStorage, tmp_path: Path
) -> None:
    storage.put("cvs/7/resume", b"first", PDF)
    storage.put("cvs/7/resume", b"second", PDF)

    assert storage.get("cvs/7/resume") == b"second"
    assert [path.name for path in (tmp_path / "files" / "cvs" / "7").iterdir()] == ["resume"]


def test_a_missing_key_is_a_key_error(storage: FilesystemBlobStorage) -> None:
    with pytest.raises(KeyError):
        storage.get("cvs/7/never-stored")


def test_a_deleted_file_is_gone_and_deleting_it_again_is_fine(
    storage: FilesystemBlobStorage,
) -> None:
    storage.put("cvs/7/resume", b"data", PDF)

    storage.delete("cvs/7/resume")
    storage.delete("cvs/7/resume")
    storage.delete("never/stored")

    with pytest.raises(KeyError):
        storage.get("cvs/7/resume")


@pytest.mark.parametrize(
    "key",
    ["../x", "/etc/passwd", "a/../../b", "UPPER", "", "a/./b", "a//b", "a/", "-a", "a b", "a\x00"],
)
def test_a_key_that_is_not_one_the_service_makes_is_refused(
    storage: FilesystemBlobStorage, tmp_path: Path, key: str
) -> None:
    with pytest.raises(ValueError, match="not a storage key"):
        storage.put(key, b"data", PDF)
    with pytest.raises(ValueError, match="not a storage key"):
        storage.get(key)
    with pytest.raises(ValueError, match="not a storage key"):
        storage.delete(key)
    assert not (tmp_path / "files").exists()


def test_a_key_may_be_as_long_as_201_characters(storage: FilesystemBlobStorage) -> None:
    storage.put("k" * 201, b"data", PDF)

    with pytest.raises(ValueError, match="not a storage key"):
        storage.put("k" * 202, b"data", PDF)


def test_stored_lists_every_kept_file_with_its_time_and_no_half_written_ones(
    storage: FilesystemBlobStorage, tmp_path: Path
) -> None:
    assert list(storage.stored()) == []  # not even a folder yet
    storage.put("cvs/7/resume", b"a", PDF)
    storage.put("pdfs/9", b"b", PDF)
    (tmp_path / "files" / "cvs" / ".abc.part").write_bytes(b"half")

    listed = {blob.key: blob.modified_at for blob in storage.stored()}

    assert set(listed) == {"cvs/7/resume", "pdfs/9"}
    assert all(when.tzinfo is not None for when in listed.values())
