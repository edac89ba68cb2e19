"""Each documented rule of reading students' answers, kind by kind (and how each answer is shown back)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from examgen.answers import Exact, Integer, Matrix, MultipleChoice, Real, Shape, Vector
from examgen.answers import expr_grammar
from examgen.answers.parsing import Unreadable, normalize, parse_number
from examgen.grading.expressions import ExpressionChecker, Pending
from examgen.grading.kinds import Checkers
from examgen.grading.policies import Settings


@pytest.mark.parametrize("text, value", [
    ("1234567", 1234567), ("1,234,567", 1234567), ("1 234 567", 1234567), ("1'234'567", 1234567),
    ("1\u202f234\u202f567", 1234567), ("1.2e6", 1200000), ("1.2E6", 1200000), ("1.2*10^6", 1200000),
    ("1.2×10⁶", 1200000), ("1,2·10⁶", 1200000), ("−42", -42), ("–42", -42), ("４２", 42), ("+7", 7),
])
def test_integers_in_any_common_notation(text: str, value: int) -> None:
    reading = Integer().parse(text)
    assert reading.value == value and reading.shown == str(value)
    assert Integer().score(reading.value, value) == 1


def test_an_integer_from_scientific_notation_only_when_exact() -> None:
    reading = Integer().parse("1.2345e3")
    assert reading.value == Fraction(2469, 2) and reading.shown == "1234.5 (not a whole number)"
    assert Integer().score(reading.value, 1234) == 0 and Integer().score(reading.value, 1235) == 0


@pytest.mark.parametrize("text", ["12,34,567", "1 23", "abc", "1/0", "1e999", "", "1..2", "2^10"])
def test_unreadable_numbers_are_invalid_not_zero(text: str) -> None:
    with pytest.raises(Unreadable):
        Integer().parse(text)


@pytest.mark.parametrize("text, comma, value", [
    ("2.5", False, "5/2"), ("2,5", False, "5/2"), ("1,234", False, "1234"), ("1.234", False, "617/500"),
    ("1,234.5", False, "2469/2"), ("2,5", True, "5/2"), ("1.234", True, "1234"), ("1.234,5", True, "2469/2"),
    ("0.25", True, "1/4"), (".5", False, "1/2"), ("5.", False, "5"), ("10⁻³", False, "1/1000"),
])
def test_decimal_mark_and_thousands_separators_per_exam(text: str, comma: bool, value: str) -> None:
    assert parse_number(text, decimal_comma=comma) == Fraction(value)


def test_reals_are_accepted_within_relative_tolerance_with_an_absolute_floor() -> None:
    real = Real(decimals=2, rel_tol=0.01, abs_tol=0.05)
    assert real.score(real.parse("100.9").value, 100.0) == 1      # 1 % of 100
    assert real.score(real.parse("101.1").value, 100.0) == 0
    assert real.score(real.parse("0.04").value, 0.0) == 1        # the floor where 1 % of x is tiny
    assert real.score(real.parse("0.06").value, 0.0) == 0
    assert real.score(real.parse("101").value, 100.0) == 1        # exactly on the bound counts ...
    tenth = Real(decimals=1, rel_tol=0.0, abs_tol=0.1)
    assert tenth.score(tenth.parse("0.4").value, 0.3) == 1       # ... also where floats would say 0.10000000000000003


def test_a_parts_own_tolerance_comes_from_the_key() -> None:
    checkers = Checkers(Settings())
    tight = checkers.for_part({"kind": "real", "tolerance": {"rel": 0.0, "abs": 0.001, "decimals": 3}})
    loose = checkers.for_part({"kind": "real", "tolerance": {"rel": 0.1, "abs": 0.0, "decimals": 1}})
    value = tight.read("2.56", 2.555).value
    assert tight.score(value, 2.555).share == 0 and loose.score(value, 2.555).share == 1
    assert tight.show(2.554956919641991) == "2.555" and loose.show(2.55) == "2.5"


def test_decimal_comma_is_set_per_exam() -> None:
    german = Checkers(Settings(decimal_comma=True)).for_part({"kind": "real", "tolerance": {"rel": 0.0, "abs": 0.005,
                                                                                         "decimals": 2}})
    english = Checkers(Settings()).for_part({"kind": "real", "tolerance": {"rel": 0.0, "abs": 0.005, "decimals": 2}})
    assert german.read("3,14", 3.14).shown == "3.14" and german.score(german.read("3,14", 3.14).value, 3.14).share == 1
    assert english.read("3,140", 3.14).shown == "3140"


def test_probabilities_within_an_absolute_tolerance_also_as_percent() -> None:
    checker = Checkers(Settings()).for_part({"kind": "probability", "tolerance": {"abs": 0.005, "decimals": 3}})
    for text in ("0.25", "25%", "25 %", "1/4", ".249"):
        assert checker.score(checker.read(text, 0.25).value, 0.25).share == 1, text
    assert checker.score(checker.read("0.26", 0.25).value, 0.25).share == 0
    assert checker.read("1.5", 0.25).shown == "1.5 (not a probability)"


def test_fractions_are_exact() -> None:
    exact = Exact()
    for text in ("3/2", "1.5", "6/4", "−3/−2", "1,5"):
        assert exact.score(exact.parse(text).value, "3/2") == 1, text
    assert exact.score(exact.parse("0.333").value, "1/3") == 0
    assert exact.parse("6/4").shown == "3/2"


@pytest.mark.parametrize("text", ["(16, 8, 8)", "16x8x8", "16×8×8", "16 x 8 x 8", "[16,8,8]", "16 8 8", "16*8*8",
                                  "（１６，８，８）", "16X8X8", "(16,8,8,)"])
def test_shapes_in_any_bracket_and_separator(text: str) -> None:
    reading = Shape().parse(text)
    assert reading.value == (16, 8, 8) and reading.shown == "(16, 8, 8)"
    assert Shape().score(reading.value, [16, 8, 8]) == 1


def test_a_shape_in_another_order_is_wrong_and_a_non_integer_shape_is_invalid() -> None:
    assert Shape().score(Shape().parse("8x8x16").value, [16, 8, 8]) == 0
    with pytest.raises(Unreadable):
        Shape().parse("16.5x8")


@pytest.mark.parametrize("text", ["(1, 3/2, -2)", "[1 1.5 −2]", "1; 3/2; -2", "(1, 1.5, -2)^T", "(1,1.5,-2)ᵀ",
                                  "[[1], [1.5], [-2]]"])
def test_vectors(text: str) -> None:
    reading = Vector().parse(text)
    assert reading.value == (1, Fraction(3, 2), -2) and reading.shown == "(1, 1.5, -2)"
    assert Vector().score(reading.value, [1, "3/2", -2]) == 1


def test_vectors_with_a_tolerance_and_with_a_decimal_comma() -> None:
    vector = Vector(decimals=2, rel_tol=0.0, abs_tol=0.01)
    assert vector.score(vector.parse("0,505; 1,5", decimal_comma=True).value, [0.5, 1.5]) == 1
    assert vector.score(vector.parse("0,505, 1,5", decimal_comma=True).value, [0.5, 1.5]) == 1
    assert vector.score(vector.parse("0.52, 1.5").value, [0.5, 1.5]) == 0
    assert vector.score(vector.parse("0.5").value, [0.5, 1.5]) == 0


@pytest.mark.parametrize("text", ["[[1,2],[3,4]]", "1 2; 3 4", "[1, 2]; [3, 4]", "((1,2),(3,4))", "1 2\n3 4",
                                  "1 & 2 \\\\ 3 & 4", "[[1, 2], [3, 4]]ᵀᵀ"[:-2]])
def test_matrices(text: str) -> None:
    reading = Matrix().parse(text)
    assert reading.value == ((1, 2), (3, 4)) and reading.shown == "[[1, 2], [3, 4]]"
    assert Matrix().score(reading.value, [[1, 2], [3, 4]]) == 1


def test_a_transposed_matrix_is_wrong_and_ragged_rows_are_invalid() -> None:
    assert Matrix().score(Matrix().parse("1 3; 2 4").value, [[1, 2], [3, 4]]) == 0
    with pytest.raises(Unreadable, match="rows of different lengths"):
        Matrix().parse("[[1, 2], [3]]")


OPTIONS = {"A": "relu", "B": "bias", "C": "dropout", "D": "pooling"}


@pytest.mark.parametrize("text", ["AC", "A,C", "a c", "C A", "{A; C}", "A und C", "ａｃ", "A, C, A"])
def test_multiple_choice_letters(text: str) -> None:
    reading = MultipleChoice().parse(text, OPTIONS)
    assert reading.value == {"relu", "dropout"} and reading.shown == "A, C"


def test_multiple_choice_none_ticked_and_unknown_letters() -> None:
    assert MultipleChoice().parse("-", OPTIONS).value == frozenset()
    assert MultipleChoice().parse("none", OPTIONS).shown == "no box ticked"
    with pytest.raises(Unreadable, match="E not among the options A, B, C, D"):
        MultipleChoice().parse("AE", OPTIONS)


def test_single_choice_takes_exactly_one_letter() -> None:
    checker = Checkers(Settings()).for_part({"kind": "single_choice"})
    expected = {"options": OPTIONS, "correct": ["bias"], "letters": "B"}
    assert checker.score(checker.read("b", expected).value, expected).share == 1
    with pytest.raises(Unreadable, match="exactly one"):
        checker.read("AB", expected)


def test_sets_of_numbers_or_words_in_any_order() -> None:
    checker = Checkers(Settings()).for_part({"kind": "set"})
    assert checker.score(checker.read("{3, 1, 2}", [1, 2, 3]).value, [1, 2, 3]).share == 1
    assert checker.score(checker.read("1 2 3 3", [1, 2, 3]).value, [1, 2, 3]).share == 1
    assert checker.score(checker.read("ReLU, tanh", ["relu", "tanh"]).value, ["relu", "tanh"]).share == 1
    assert checker.score(checker.read("{1, 2}", [1, 2, 3]).value, [1, 2, 3]).share == 0
    assert checker.read("{1/2, 0.5}", ["1/2"]).value == {Fraction(1, 2)}


def test_unicode_variants_are_normalised() -> None:
    assert normalize("−1 × 2 · 3 ⋅ 4 ÷ 5") == "-1 * 2 * 3 * 4 / 5"
    assert normalize("x² + 10⁻³") == "x^(2) + 10^(-3)"
    assert normalize("１２３，４") == "123,4"
    assert normalize("  a \t b\u00a0c ") == "a b c"


def test_expressions_are_read_by_the_grammar_and_shown_as_read() -> None:
    checker = Checkers(Settings()).for_part({"kind": "expression"})
    expected = "x*sigmoid(x)*(1 - sigmoid(x))"
    reading = checker.read("x·σ(x)(1−σ(x))", expected)
    assert reading.shown == expr_grammar.read("x*sigmoid(x)*(1 - sigmoid(x))", ["x"]).text
    assert checker.score(reading.value, expected).share == 1                 # identical after reading
    wrong = checker.score(checker.read("x*sigmoid(x)^2", expected).value, expected)
    assert wrong.share == 0 and wrong.note.startswith("not equivalent: at x = ")
    with pytest.raises(Unreadable, match="missing operator"):
        checker.read("x sigmoid(x)", expected)


def test_an_expression_in_another_form_waits_for_the_full_check() -> None:
    checker = ExpressionChecker(decimal_comma=False)
    expected = "x*sigmoid(x)*(1 - sigmoid(x))"
    reading = checker.read("x*exp(-x)/(1 + exp(-x))^2", expected)
    with pytest.raises(Pending) as pending:
        checker.score(reading.value, expected)
    assert pending.value.key == (reading.shown, expected, ("x",))


@given(st.integers(min_value=-10**12, max_value=10**12), st.sampled_from([",", " ", "'", "\u202f"]))
def test_any_integer_written_with_grouped_thousands_reads_back(value: int, separator: str) -> None:
    assert Integer().parse(f"{value:,}".replace(",", separator)).value == value
    assert Integer().parse(f"{value:,}".replace(",", ".").replace("-", "−"), decimal_comma=True).value == value


@given(st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False, allow_infinity=False))
def test_any_decimal_reads_exactly_with_either_decimal_mark(value: Decimal) -> None:
    text = f"{value:f}"
    assert parse_number(text) == Fraction(text)
    assert parse_number(text.replace(".", ","), decimal_comma=True) == Fraction(text)
