"""Per-student, per-question seeds derived from the course secret (HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import numpy as np

from examgen.errors import SecretError

SECRET_ENV = "EXAMGEN_SECRET"
MIN_SECRET_BYTES = 16
HOW_TO_MAKE_SECRET = (
    "create one with `python3 -c \"import secrets; print(secrets.token_hex(32))\" > course.secret`, "
    f"keep it private, and pass --secret-file course.secret (or set {SECRET_ENV})"
)


def derive_seed(secret: bytes, *labels: str) -> int:
    """A 64-bit seed that only the holder of `secret` can compute from the labels."""
    message = "\x1f".join(labels).encode("utf-8")
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big")


def rng(seed: int) -> np.random.Generator:
    """The one way examgen turns a seed into random numbers."""
    return np.random.Generator(np.random.PCG64(seed))


def load_secret(secret_file: Path | None, environ: dict[str, str] | None = None) -> bytes:
    """Read the course secret from a file or the environment; refuse to work without one."""
    env = os.environ if environ is None else environ
    if secret_file is not None:
        try:
            text = secret_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SecretError(f"{secret_file}: cannot read the secret file ({exc.strerror})") from None
        source = str(secret_file)
    elif env.get(SECRET_ENV, "").strip():
        text = env[SECRET_ENV].strip()
        source = f"${SECRET_ENV}"
    else:
        raise SecretError(f"no course secret given: {HOW_TO_MAKE_SECRET}")
    secret = text.encode("utf-8")
    if len(secret) < MIN_SECRET_BYTES:
        raise SecretError(
            f"{source}: the secret has {len(secret)} characters, at least {MIN_SECRET_BYTES} are needed; "
            + HOW_TO_MAKE_SECRET
        )
    return secret
