"""Seeds depend on the secret and every label, and nothing works without a secret."""

from pathlib import Path

import pytest

from examgen.errors import SecretError
from examgen.seeding import derive_seed, load_secret, rng


def test_seed_is_reproducible_and_depends_on_every_label() -> None:
    secret = b"0123456789abcdef0123"
    base = derive_seed(secret, "exam", "03612345", "P1.1", "cnn.conv_output_shape", "1")
    assert base == derive_seed(secret, "exam", "03612345", "P1.1", "cnn.conv_output_shape", "1")
    variants = {
        derive_seed(b"another-secret-0123", "exam", "03612345", "P1.1", "cnn.conv_output_shape", "1"),
        derive_seed(secret, "exam", "3612345", "P1.1", "cnn.conv_output_shape", "1"),  # leading zero matters
        derive_seed(secret, "exam", "03612345", "P1.2", "cnn.conv_output_shape", "1"),
        derive_seed(secret, "exam", "03612345", "P1.1", "cnn.conv_output_shape", "2"),
        derive_seed(secret, "exam2", "03612345", "P1.1", "cnn.conv_output_shape", "1"),
    }
    assert base not in variants and len(variants) == 5
    assert 0 <= base < 2**64


def test_labels_cannot_be_shifted_into_each_other() -> None:
    secret = b"0123456789abcdef0123"
    assert derive_seed(secret, "ab", "c") != derive_seed(secret, "a", "bc")


def test_rng_streams_are_reproducible() -> None:
    assert list(rng(42).integers(0, 1000, 5)) == list(rng(42).integers(0, 1000, 5))
    assert list(rng(42).integers(0, 1000, 5)) != list(rng(43).integers(0, 1000, 5))


def test_secret_from_file_or_environment(tmp_path: Path) -> None:
    path = tmp_path / "s"
    path.write_text("  file-secret-0123456789  \n")
    assert load_secret(path, {}) == b"file-secret-0123456789"
    assert load_secret(None, {"EXAMGEN_SECRET": "env-secret-0123456789"}) == b"env-secret-0123456789"


@pytest.mark.parametrize("env", [{}, {"EXAMGEN_SECRET": "   "}])
def test_missing_secret_says_how_to_make_one(env: dict[str, str]) -> None:
    with pytest.raises(SecretError, match="secrets.token_hex"):
        load_secret(None, env)


def test_short_or_unreadable_secret_is_refused(tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("abc")
    with pytest.raises(SecretError, match="at least 16"):
        load_secret(short, {})
    with pytest.raises(SecretError, match="cannot read"):
        load_secret(tmp_path / "missing", {})
