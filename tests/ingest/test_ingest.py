"""Reading input: encodings detected, bad input refused with a clear message."""

from __future__ import annotations

import pytest

from veille.ingest import InputError, decode, read_text

FRENCH = "Le président a déclaré à l'Élysée qu'il œuvrerait pour la paix, a-t-il précisé.\n"


def test_utf8_with_bom():
    assert decode(b"\xef\xbb\xbf" + FRENCH.encode("utf-8")) == FRENCH


def test_cp1252_is_detected():
    data = (FRENCH + "« Nous sommes prêts », a-t-il dit — l’été dernier.\n").encode("cp1252")
    assert decode(data) == FRENCH + "« Nous sommes prêts », a-t-il dit — l’été dernier.\n"


def test_latin1_is_detected():
    text = "Le président a déclaré à Genève qu'il était prêt à négocier dès l'été.\n"
    assert decode(text.encode("latin-1")) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(0, 32)) * 20, "binary"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "article.txt")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "absent.txt")


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="folder"):
        read_text(tmp_path)


def test_huge_input_is_refused():
    with pytest.raises(InputError, match="too large"):
        decode(b"a" * (50 * 1024 * 1024 + 1))


def test_huge_input_is_refused_with_the_limit_and_the_way_out():
    with pytest.raises(InputError, match=r"too large.*10 MB.*--max-bytes"):
        decode(FRENCH.encode() * (10 * 1024 * 1024 // len(FRENCH.encode()) + 1))
    with pytest.raises(InputError, match="too large"):
        decode(FRENCH.encode(), max_bytes=20)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(encoding):
    text = FRENCH + "« Nous sommes prêts », a-t-il dit — l’été dernier.\n"
    assert decode(text.encode(encoding)) == text


def test_utf16_with_bom_is_read():
    assert decode(FRENCH.encode("utf-16")) == FRENCH


@pytest.mark.parametrize("data", [b"\xff\xfeA\x00B", FRENCH.encode("utf-16-le")[:-1]])
def test_odd_length_utf16_is_a_clear_error(data):
    with pytest.raises(InputError, match="UTF-16 text with an odd number of bytes: the file"):
        decode(data, "odd.txt")


def test_damaged_utf16_is_a_clear_error():
    with pytest.raises(InputError, match="invalid UTF-16"):
        decode(b"\xff\xfe" + FRENCH.encode("utf-16-le") + b"\x00\xdc\x41\x00", "lone.txt")


def test_read_text_refuses_a_file_over_the_limit_without_reading_it(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(FRENCH * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"long.txt: too large for one document"):
        read_text(path, max_bytes=1000)
    assert read_text(path).text == FRENCH * 100


def test_read_text_refuses_dev_zero_unread():
    with pytest.raises(InputError, match="/dev/zero: not a regular file"):
        read_text("/dev/zero")


def test_read_text_bounds_an_endless_pipe(tmp_path):
    import os
    import threading

    fifo = tmp_path / "flux"
    os.mkfifo(fifo)

    def endless() -> None:
        try:
            with fifo.open("wb") as w:
                while True:
                    w.write(FRENCH.encode() * 100)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    with pytest.raises(InputError, match="too large for one document"):
        read_text(fifo, max_bytes=100_000)
    writer.join(timeout=10)
    assert not writer.is_alive()
