"""Receptive field of a stack of conv/pool layers (catalog C1).

Forward recursion r_k = r_{k-1} + (f_eff_k - 1) * prod_{i<k} s_i with r_0 = 1 and
f_eff = d(f - 1) + 1 (materials 003 eq. (31) has the index wrong: it is k-1, see catalog E33).
"""

from __future__ import annotations

from collections.abc import Sequence

Layer = tuple[int, int] | tuple[int, int, int]  # (kernel, stride) or (kernel, stride, dilation)


def effective_kernel(kernel: int, dilation: int = 1) -> int:
    """Extent of a dilated kernel: d(f - 1) + 1."""
    if kernel < 1 or dilation < 1:
        raise ValueError(f"kernel and dilation must be >= 1, got {kernel}, {dilation}")
    return dilation * (kernel - 1) + 1


def unpack_layer(layer: Layer) -> tuple[int, int, int]:
    """(kernel, stride, dilation) of a layer tuple, validated."""
    if len(layer) not in (2, 3):
        raise ValueError(f"a layer is (kernel, stride[, dilation]), got {layer!r}")
    kernel, stride, dilation = (*layer, 1) if len(layer) == 2 else layer
    if stride < 1:
        raise ValueError(f"stride must be >= 1, got {stride}")
    effective_kernel(kernel, dilation)
    return kernel, stride, dilation


def receptive_field_chain(layers: Sequence[Layer]) -> list[int]:
    """Receptive field (side length) after each layer, r_0 = 1 not included."""
    chain: list[int] = []
    r, jump = 1, 1
    for layer in layers:
        kernel, stride, dilation = unpack_layer(layer)
        r += (effective_kernel(kernel, dilation) - 1) * jump
        jump *= stride
        chain.append(r)
    return chain


def receptive_field(layers: Sequence[Layer]) -> int:
    """Receptive field after the whole stack (1 for no layers)."""
    chain = receptive_field_chain(layers)
    return chain[-1] if chain else 1
