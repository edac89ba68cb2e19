"""`examgen preview` over many seeds, each answer checked against an independent computation."""

from __future__ import annotations

import json
import math
import tomllib
from fractions import Fraction
from importlib import resources

import pytest
import sympy

from examgen.registry import load_registry
from solvers.nn.batchnorm import BatchNorm2d

from conftest import check_previews, preview, run_cli

SEEDS = range(200)


def sliding_positions(n: int, k: int, stride: int, pad: int) -> int:
    """Count the window positions by walking the padded input."""
    return sum(1 for start in range(0, n + 2 * pad) if start % stride == 0 and start + k <= n + 2 * pad)


def rf_backward(layers: list[tuple[int, int, int]]) -> int:
    """Receptive field by walking back from one output pixel: r_in = (r_out - 1) * s + d(k - 1) + 1."""
    r = 1
    for k, s, d in reversed(layers):
        r = (r - 1) * s + d * (k - 1) + 1
    return r


def check_conv_output_shape(p: dict, a: dict) -> None:
    side = sliding_positions(p["n"], p["k"], p["stride"], p["pad"])
    assert (p["n"] + 2 * p["pad"] - p["k"]) % p["stride"] == 0  # clean: no floor needed
    assert a["shape"] == [p["filters"], side, side]


def check_receptive_field(p: dict, a: dict) -> None:
    layers = [(p["k1"], 1, 1), (p["k2"], p["s2"], 1), (p["pool"], 2, 1), (p["k3"], 1, p["d3"])]
    assert a["rf2"] == rf_backward(layers[:2])
    assert a["rf4"] == rf_backward(layers)


def check_batchnorm_param_count(p: dict, a: dict) -> None:
    layers = [BatchNorm2d(c) for c in (p["c1"], p["c2"], p["c3"])]
    assert a["learnable"] == sum(arr.size for bn in layers for arr in bn.params.values())
    assert a["running"] == sum(bn.running_mean.size + bn.running_var.size for bn in layers)


def check_scalar_graph(p: dict, a: dict) -> None:
    x, y, z, w = sympy.symbols("x y z w")
    f = (x * y + z) * sympy.Max(y, w)
    point = {x: p["x"], y: p["y"], z: p["z"], w: p["w"]}
    assert p["y"] != p["w"]
    assert a["b"] == p["x"] * p["y"] + p["z"] and a["m"] == max(p["y"], p["w"]) and a["f"] == f.subs(point)
    for name, symbol in zip("xyzw", (x, y, z, w)):
        assert a[f"df_d{name}"] == sympy.diff(f, symbol).subs(point), name


def check_ce_vs_hinge(p: dict, a: dict) -> None:
    scores = [Fraction(s) for s in p["scores"]]
    label = p["label"]
    log_sum = math.log(math.fsum(math.exp(float(s)) for s in scores))
    assert a["ce"] == pytest.approx(log_sum - float(scores[label]), abs=1e-12)
    hinge = sum(max(Fraction(0), s - scores[label] + 1) for j, s in enumerate(scores) if j != label)
    assert a["hinge"] == pytest.approx(float(hinge), abs=1e-12) and hinge > 0


CHECKS = {
    "cnn.conv_output_shape": check_conv_output_shape,
    "cnn.receptive_field": check_receptive_field,
    "cnn.batchnorm_param_count": check_batchnorm_param_count,
    "backprop.scalar_graph": check_scalar_graph,
    "losses.ce_vs_hinge": check_ce_vs_hinge,
}


@pytest.mark.parametrize("qid", sorted(CHECKS))
def test_computational_previews_agree_with_independent_methods(qid: str) -> None:
    check_previews(CHECKS, qid, min_variants=50)


MC_QIDS = sorted(t.qid for t in load_registry() if t.kind == "multiple_choice")


@pytest.mark.parametrize("qid", MC_QIDS)
def test_choice_previews_match_the_data_file(qid: str) -> None:
    path = resources.files("question_bank") / "mc" / f"{qid.removeprefix('mc.')}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    truth = {o["id"]: o["correct"] for o in data["options"]}
    show = data.get("show", 4)
    orders = set()
    for seed in range(0, 200, 5):
        answer = preview(qid, seed)["answers"]["choice"]
        shown = list(answer["options"].values())
        assert list(answer["options"]) == list("ABCDEFGHIJ"[:show]) and len(set(shown)) == show
        assert answer["correct"] == [oid for oid in shown if truth[oid]]
        assert answer["letters"] == "".join(letter for letter, oid in answer["options"].items() if truth[oid])
        orders.add(tuple(shown))
    assert len(orders) >= 10, f"{qid}: students would see too few different selections"


def test_preview_with_given_params_reproduces_a_known_instance() -> None:
    # catalog A1 (lecture 9): 32x32x3 input, 10 filters 5x5, stride 1, padding 2 -> 10 x 32 x 32
    given = {"c_in": 3, "n": 32, "filters": 10, "k": 5, "stride": 1, "pad": 2}
    result = run_cli("preview", "cnn.conv_output_shape", "--params", json.dumps(given), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["answers"] == {"shape": [10, 32, 32]} and data["params"] == given and data["seed"] is None


def test_preview_text_shows_prompt_answers_and_solution() -> None:
    result = run_cli("preview", "backprop.scalar_graph", "--params", '{"x": 2, "y": 3, "z": -1, "w": 1}')
    assert result.exit_code == 0, result.output
    # f = (2*3 - 1) * max(3, 1) = 15; df/dy = x*m + b = 2*3 + 5 = 11
    assert "answer f (integer): 15" in result.stdout and "answer df_dy (integer): 11" in result.stdout
    assert "prompt:" in result.stdout and "solution:" in result.stdout


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ('{"c_in": 3, "n": 32}', "missing parameter(s) filters, k, stride, pad"),
        ('{"c_in": 3, "n": 32, "filters": 10, "k": 5, "stride": 1, "pad": 9}', "'pad' = 9 is not allowed; it must be an integer from 0 to 3"),
        ('{"c_in": 3, "n": 32, "filters": 10, "k": 4, "stride": 3, "pad": 0}', "violate the template's `where` condition"),
        ('{"c_in": 3, "n": 32, "filters": 10, "k": 5, "stride": 1, "pad": 2, "dilation": 2}', "unknown parameter 'dilation'"),
        ("[1, 2]", "--params must be a JSON object"),
        ("{nope", "--params is not valid JSON"),
    ],
)
def test_preview_rejects_bad_params(params: str, message: str) -> None:
    result = run_cli("preview", "cnn.conv_output_shape", "--params", params)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_preview_unknown_question() -> None:
    result = run_cli("preview", "cnn.conv_outptu_shape")
    assert result.exit_code == 1 and "did you mean cnn.conv_output_shape" in result.stderr
