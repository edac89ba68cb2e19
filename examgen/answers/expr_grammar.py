"""Reading students' symbolic answers: our own small grammar that builds sympy objects directly.

Student text is data. It never reaches eval, exec, sympify, parse_expr, lambdify or any sympy parser: a
tokenizer and a recursive-descent parser below turn it into sympy.Symbol / Integer / Rational / Add / Mul / Pow
and the functions of the vocabulary, after the limits have been checked.

Grammar (after normalisation)::

    expression := term (("+" | "-") term)*
    term       := signed (("*" | "/") signed | <implicit> power)*
    signed     := ("+" | "-")* power                       -x^2 is -(x^2)
    power      := atom ("^" ("+" | "-")* atom)*            right-associative: 2^3^2 = 2^9, e^-x = e^(-x)
    atom       := number | name | function "(" expression ("," expression)* ")"
                | "(" expression ")" | "[" expression "]" | "|" expression "|" | "√" atom

- Numbers: ``3``, ``0.5``, ``.5``, ``1e-3``, ``2.5E4``; read exactly (0.5 is 1/2). With ``decimal_comma`` a comma
  between two digits is a decimal comma (``0,5``) and ``;`` may also separate function arguments.
- Normalisation first: superscripts (``x²``, ``x⁻¹`` -> ``x^(2)``, ``x^(-1)``), NFKC (full-width characters),
  ``−`` ``–`` ``—`` -> ``-``, ``×`` ``·`` ``⋅`` ``∙`` -> ``*``, ``÷`` ``⁄`` -> ``/``, ``½`` -> ``(1/2)``,
  ``σ`` -> ``sigma``, ``π`` -> ``pi``, ``**`` -> ``^``. ``√`` applies to the atom right after it (``√x``,
  ``√(x+1)``, ``2√x``). ``|x|`` is abs(x).
- Implicit multiplication only after a number or a bracketed constant (``2x``, ``2(x+1)``, ``2sigma(x)``,
  ``2√x``, ``(1/2)x``, ``½x``) and between closing and opening brackets (``sigma(x)(1-sigma(x))``). A name
  followed by ``(`` must be a function (``x(1-x)`` is an error: write ``x*(1-x)``); ``1/2x`` is ambiguous and
  rejected; abs bars never start an implicit product (write ``2*|x|``).
- Names: the caller's variables (real sympy Symbols), the constants ``e`` and ``pi`` (variables may not reuse
  these or a function name). Functions (case-insensitive): sigmoid / sigma, relu, leaky_relu(x) or
  leaky_relu(x, a) with a constant 0 < a < 1 (default slope from the caller), softplus, tanh, exp, log / ln
  (natural), sqrt, abs, max and min (2 to 10 arguments), floor. sigmoid is built as 1/(1+exp(-x)), relu as
  Max(0, x), leaky_relu as Max(a*x, x), softplus as log(1+exp(x)). Unknown names are errors with a hint
  (``xy`` -> "write x*y", ``sigmax`` -> "did you mean sigma(x)?", close matches), never a product of letters.
- Limits (errors, never crashes or hangs): at most 500 characters, 300 tokens, nesting depth 30, 20 digits
  per number, integers up to 10^12, constant exponents up to 100 in magnitude, constants up to 1e300 (power
  towers such as 9^9^9 are refused before sympy evaluates them), no NUL bytes or control characters, no
  division by zero, no log of a non-positive constant, no non-real constants.

`to_text` writes an expression of this vocabulary back in the grammar (for the answer key), such that
``parse(to_text(e)) == e`` structurally.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy

MAX_LENGTH = 500
MAX_TOKENS = 300
MAX_DEPTH = 30
MAX_DIGITS = 20
MAX_INTEGER = 10**12
MAX_EXPONENT = 100
MAX_MAGNITUDE = 1e300
MAX_ARGUMENTS = 10
DEFAULT_LEAKY_SLOPE = Fraction(1, 100)
CONSTANTS = {"e": sympy.E, "pi": sympy.pi}


class ExpressionError(ValueError):
    """A student's expression cannot be read; the message says where and how to fix it."""

    def __init__(self, message: str, position: int | None = None) -> None:
        self.position = position
        where = "" if position is None else f" (at character {position + 1})"
        super().__init__(message + where)


@dataclass(frozen=True)
class Reading:
    """A parsed expression and how it was read: grammar text with every operator written out (``2x`` as
    ``2*x``, ``|x|`` as ``abs(x)``, ``σ`` as ``sigmoid``), within the same limits, so that it reads back."""

    expr: sympy.Expr
    text: str


# ---------------------------------------------------------------- normalisation and tokens

_SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
                 "⁹": "9", "⁻": "-", "⁺": "+", "ⁿ": "n"}
_SUPERSCRIPT_RUN = re.compile("[" + "".join(_SUPERSCRIPTS) + "]+")
_SYMBOLS = str.maketrans({
    "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u2219": "*", "\u2217": "*",
    "\u00f7": "/", "\u2044": "/", "\u2215": "/",
    "σ": "sigma", "π": "pi",
})
_ALLOWED_CONTROLS = "\t\n\r"
_NUMBER = re.compile(r"\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?", re.ASCII)
_NUMBER_COMMA = re.compile(r"\d+(?:,\d+|\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?", re.ASCII)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*", re.ASCII)
_PUNCTUATION = {"+": "op", "-": "op", "*": "op", "/": "op", "^": "op", "(": "(", ")": ")", "[": "[", "]": "]",
                "|": "|", ",": ",", "√": "sqrt"}
_CHARACTER_HINTS = {
    "\\": "LaTeX is not accepted; write plain text such as (a)/(b) or sqrt(x)",
    "=": "write only the expression, without '=' or a left-hand side",
    ".": "a '.' may only appear inside a number such as 0.5",
    ";": "write a single expression",
    "{": "use ( ) for grouping", "}": "use ( ) for grouping",
    "'": "quotes are not part of an expression", '"': "quotes are not part of an expression",
    "`": "quotes are not part of an expression",
}


@dataclass(frozen=True)
class Token:
    """One token: kind is number, name, op, (, ), [, ], |, ",", sqrt or end; pos indexes the normalised text."""

    kind: str
    text: str
    pos: int
    value: Fraction | None = None


def normalize(raw: str) -> str:
    """The text with unicode variants mapped to the grammar's ASCII (see the module docstring)."""
    if len(raw) > MAX_LENGTH:
        raise ExpressionError(f"the expression is too long ({len(raw)} characters, at most {MAX_LENGTH})")
    for index, char in enumerate(raw):
        if unicodedata.category(char).startswith("C") and char not in _ALLOWED_CONTROLS:
            raise ExpressionError(f"control character U+{ord(char):04X} is not allowed", index)
    text = _SUPERSCRIPT_RUN.sub(lambda m: "^(" + "".join(_SUPERSCRIPTS[c] for c in m.group()) + ")", raw)
    text = "".join(_vulgar_fraction(char) for char in text)
    text = unicodedata.normalize("NFKC", text).translate(_SYMBOLS).replace("**", "^")
    if len(text) > 2 * MAX_LENGTH:
        raise ExpressionError("the expression is too long after normalisation")
    return text


def _vulgar_fraction(char: str) -> str:
    """½ as (1/2), so that ½x is half of x."""
    plain = unicodedata.normalize("NFKC", char)
    return f"({plain.replace(chr(0x2044), '/')})" if "\u2044" in plain else char


def tokenize(text: str, decimal_comma: bool = False) -> list[Token]:
    """The tokens of normalised text, ending with an "end" token."""
    tokens: list[Token] = []
    number = _NUMBER_COMMA if decimal_comma else _NUMBER
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
            continue
        if len(tokens) >= MAX_TOKENS:
            raise ExpressionError(f"the expression has too many symbols (at most {MAX_TOKENS})", pos)
        match = number.match(text, pos) if char in "0123456789." else None
        if match:
            literal = match.group().replace(",", ".")
            tokens.append(Token("number", literal, pos, _number_value(literal, pos)))
            pos = match.end()
        elif (match := _NAME.match(text, pos)) is not None:
            tokens.append(Token("name", match.group(), pos))
            pos = match.end()
        elif char in _PUNCTUATION or (decimal_comma and char == ";"):
            tokens.append(Token("," if char == ";" else _PUNCTUATION[char], char, pos))
            pos += 1
        else:
            hint = _CHARACTER_HINTS.get(char)
            raise ExpressionError(f"unexpected character '{char}'" + (f"; {hint}" if hint else ""), pos)
    tokens.append(Token("end", "", len(text)))
    return tokens


def _number_value(literal: str, pos: int) -> Fraction:
    """The exact value of a number literal (decimal point already normalised), within the limits."""
    mantissa, _, exponent = literal.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    if len(digits) > MAX_DIGITS:
        raise ExpressionError(f"the number '{literal[:30]}' has too many digits (at most {MAX_DIGITS})", pos)
    power = 0
    if exponent:
        if len(exponent.lstrip("+-0")) > 3 or abs(int(exponent)) > MAX_EXPONENT:
            raise ExpressionError(f"the exponent of '{literal}' is out of range (at most {MAX_EXPONENT})", pos)
        power = int(exponent)
    value = Fraction(int(digits or "0"), 10 ** len(fraction)) * Fraction(10) ** power
    if abs(value) > MAX_INTEGER:
        raise ExpressionError(f"the number '{literal}' is too large (at most 10^12)", pos)
    return value


# ---------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class _Function:
    """A function of the vocabulary: canonical name, arity range, sympy builder and float mirror."""

    name: str
    min_args: int
    max_args: int
    build: Callable[..., sympy.Expr]
    number: Callable[..., float]


def _float_sigmoid(u: float) -> float:
    return 1 / (1 + math.exp(-u)) if u >= 0 else math.exp(u) / (1 + math.exp(u))


def _float_softplus(u: float) -> float:
    return u + math.log1p(math.exp(-u)) if u > 0 else math.log1p(math.exp(u))


def _sigmoid(u: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-u))


def _softplus(u: sympy.Expr) -> sympy.Expr:
    return sympy.log(1 + sympy.exp(u))


_FUNCTION_LIST = (
    _Function("sigmoid", 1, 1, _sigmoid, _float_sigmoid),
    _Function("relu", 1, 1, lambda u: sympy.Max(0, u), lambda u: max(0.0, u)),
    _Function("leaky_relu", 1, 2, lambda u, a: sympy.Max(a * u, u), lambda u, a: max(a * u, u)),
    _Function("softplus", 1, 1, _softplus, _float_softplus),
    _Function("tanh", 1, 1, sympy.tanh, math.tanh),
    _Function("exp", 1, 1, sympy.exp, math.exp),
    _Function("log", 1, 1, sympy.log, math.log),
    _Function("sqrt", 1, 1, sympy.sqrt, math.sqrt),
    _Function("abs", 1, 1, sympy.Abs, abs),
    _Function("max", 2, MAX_ARGUMENTS, sympy.Max, max),
    _Function("min", 2, MAX_ARGUMENTS, sympy.Min, min),
    _Function("floor", 1, 1, sympy.floor, lambda u: float(math.floor(u))),
)
FUNCTIONS: dict[str, _Function] = {f.name: f for f in _FUNCTION_LIST}
_ALIASES = {"sigma": "sigmoid", "ln": "log", "leakyrelu": "leaky_relu"}
_DOMAIN_ERRORS = {"log": "log needs a positive argument",
                  "sqrt": "the square root of a negative number is not real"}


def _function(name: str) -> _Function | None:
    key = name.lower()
    return FUNCTIONS.get(_ALIASES.get(key, key))


def check_variables(variables: Iterable[str]) -> tuple[str, ...]:
    """The variable names as a tuple; raises ValueError for names the grammar could not read unambiguously."""
    names = tuple(variables)
    for name in names:
        if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"variable name {name!r} must be letters, digits and '_', starting with a letter")
        if name in CONSTANTS or _function(name) is not None:
            raise ValueError(f"variable name {name!r} is a constant or function of the expression grammar")
    return names


# ---------------------------------------------------------------- parser


@dataclass(frozen=True)
class _Node:
    """A parsed piece: sympy object, its reading, its float value if constant, and how it ends (for
    implicit multiplication): "number" (a bare number), "group" (ends with a closing bracket) or "other"."""

    expr: sympy.Expr
    text: str
    value: float | None
    kind: str = "other"


_UNDEFINED = (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)


class _Parser:
    """Recursive descent over the tokens; recursion only for brackets, calls and √ (bounded by MAX_DEPTH)."""

    def __init__(self, tokens: list[Token], variables: tuple[str, ...], leaky_slope: Fraction) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.variables = variables
        self.leaky_slope = _Node(sympy.Rational(leaky_slope.numerator, leaky_slope.denominator),
                                 str(leaky_slope), float(leaky_slope), "number")

    @property
    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def is_op(self, symbols: str) -> bool:
        return self.peek.kind == "op" and self.peek.text in symbols

    def whole(self) -> _Node:
        if self.peek.kind == "end":
            raise ExpressionError("the expression is empty")
        node = self.expression()
        if self.peek.kind != "end":
            raise self.unexpected(node)
        return node

    def expression(self) -> _Node:
        node = self.term()
        while self.is_op("+-"):
            op = self.advance()
            right = self.term()
            if op.text == "+":
                node = self.combine(sympy.Add(node.expr, right.expr), f"{node.text}+{right.text}", op,
                                    lambda a, b: a + b, node, right)
            else:
                node = self.combine(sympy.Add(node.expr, -right.expr), f"{node.text}-{right.text}", op,
                                    lambda a, b: a - b, node, right)
        return node

    def term(self) -> _Node:
        node = last = self.signed()
        division: tuple[str, str] | None = None
        while True:
            token = self.peek
            if token.kind == "op" and token.text in "*/":
                self.advance()
                last = self.signed()
                division = (node.text, last.text) if token.text == "/" else None
                node = self.product(node, last, token, token.text == "/")
            elif self.implicit_product(last, token):
                if division:
                    a, b = division
                    c = "(...)" if token.kind in ("(", "[") else token.text
                    raise ExpressionError(f"'{a}/{b}{c}' is ambiguous; write ({a}/{b})*{c} or {a}/({b}*{c})",
                                          token.pos)
                last = self.power()
                node = self.product(node, last, token, False)
            else:
                return node

    def implicit_product(self, last: _Node, token: Token) -> bool:
        """Whether `token` starts an implicit product after the factor `last`; a missing operator is an error."""
        constant = last.kind == "number" or (last.kind == "group" and last.value is not None)
        if constant and token.kind in ("name", "(", "[", "sqrt"):
            return True
        if last.kind == "group" and token.kind in ("(", "["):
            return True
        if token.kind in ("number", "name", "(", "[", "sqrt"):
            raise ExpressionError(f"missing operator between '{last.text}' and '{token.text}'; write "
                                  f"{last.text}*{token.text} for a product", token.pos)
        return False

    def product(self, left: _Node, right: _Node, token: Token, divide: bool) -> _Node:
        if divide:
            if right.value == 0:
                raise ExpressionError(f"division by zero ('{right.text}' is 0)", token.pos)
            return self.combine(sympy.Mul(left.expr, sympy.Pow(right.expr, -1)), f"{left.text}/{right.text}",
                                token, lambda a, b: a / b, left, right)
        return self.combine(sympy.Mul(left.expr, right.expr), f"{left.text}*{right.text}", token,
                            lambda a, b: a * b, left, right)

    def signed(self) -> _Node:
        negative = False
        signs = ""
        while self.is_op("+-"):
            sign = self.advance().text
            negative ^= sign == "-"
            signs += "-" if sign == "-" else ""
        start = self.peek
        node = self.power()
        if not negative:
            return node if not signs else _Node(node.expr, signs + node.text, node.value, node.kind)
        return self.combine(-node.expr, signs + node.text, start, lambda a: -a, node, kind=node.kind)

    def power(self) -> _Node:
        base = self.atom()
        if not self.is_op("^"):
            return base
        chain: list[tuple[bool, str, _Node, Token]] = []
        while self.is_op("^"):
            caret = self.advance()
            signs = ""
            while self.is_op("+-"):
                signs += self.advance().text
            chain.append((signs.count("-") % 2 == 1, signs, self.atom(), caret))
        negative, signs, exponent, caret = chain[-1]
        exponent = self.negate(exponent, signs, negative, caret)
        for (negative, signs, atom, _), (_, _, _, caret) in zip(reversed(chain[:-1]), reversed(chain[1:])):
            exponent = self.negate(self.raise_to(atom, exponent, caret), signs, negative, caret)
        return self.raise_to(base, exponent, chain[0][3])

    def negate(self, node: _Node, signs: str, negative: bool, token: Token) -> _Node:
        if not negative:
            return _Node(node.expr, signs + node.text, node.value)
        return self.combine(-node.expr, signs + node.text, token, lambda a: -a, node)

    def raise_to(self, base: _Node, exponent: _Node, caret: Token) -> _Node:
        """base^exponent, refused before sympy evaluates it when a constant exponent or result is too large."""
        if exponent.value is not None:
            if abs(exponent.value) > MAX_EXPONENT:
                raise ExpressionError(f"the exponent '{exponent.text}' is too large (at most {MAX_EXPONENT} in "
                                      "magnitude)", caret.pos)
            if base.value is not None:
                _check_power(base.value, exponent.value, caret.pos)
        return self.combine(sympy.Pow(base.expr, exponent.expr), f"{base.text}^{exponent.text}", caret,
                            _float_power, base, exponent)

    def atom(self) -> _Node:
        token = self.peek
        if token.kind == "number":
            self.advance()
            number = token.value or Fraction(0)
            return _Node(sympy.Rational(number.numerator, number.denominator), token.text, float(number), "number")
        if token.kind in ("(", "[", "|"):
            return self.group()
        if token.kind == "sqrt":
            self.advance()
            self.enter(token)
            inner = self.atom()
            self.depth -= 1
            text = "sqrt" + inner.text if inner.kind == "group" and inner.text.startswith("(") else \
                f"sqrt({inner.text})"
            return self.call(FUNCTIONS["sqrt"], [inner], token, text, inner.kind)
        if token.kind == "name":
            self.advance()
            if self.peek.kind == "(":
                return self.function_call(token)
            return self.name(token)
        raise self.expected(token)

    def group(self) -> _Node:
        opening = self.advance()
        closing = {"(": ")", "[": "]", "|": "|"}[opening.kind]
        self.enter(opening)
        inner = self.expression()
        if self.peek.kind != closing:
            raise self.unclosed(opening, closing, inner)
        self.advance()
        self.depth -= 1
        if opening.kind == "|":
            return self.call(FUNCTIONS["abs"], [inner], opening, f"abs({inner.text})", "group")
        return _Node(inner.expr, f"({inner.text})", inner.value, "group")

    def function_call(self, name: Token) -> _Node:
        function = _function(name.text)
        if function is None:
            raise _unknown_function(name, self.variables)
        opening = self.advance()
        self.enter(opening)
        args = [self.expression()]
        while self.peek.kind == ",":
            self.advance()
            args.append(self.expression())
        if self.peek.kind != ")":
            raise self.unclosed(opening, ")", args[-1])
        self.advance()
        self.depth -= 1
        if not function.min_args <= len(args) <= function.max_args:
            wanted = str(function.min_args) if function.min_args == function.max_args else \
                f"{function.min_args} to {function.max_args}"
            raise ExpressionError(f"{function.name} takes {wanted} argument(s), got {len(args)}", name.pos)
        text = f"{function.name}({', '.join(a.text for a in args)})"
        if function.name == "leaky_relu":
            if len(args) == 2 and (args[1].value is None or not 0 < args[1].value < 1):
                raise ExpressionError(f"the slope of leaky_relu must be a number between 0 and 1, got "
                                      f"'{args[1].text}'", name.pos)
            args = args if len(args) == 2 else [args[0], self.leaky_slope]
        return self.call(function, args, name, text, "group")

    def call(self, function: _Function, args: Sequence[_Node], token: Token, text: str, kind: str) -> _Node:
        return self.combine(function.build(*(a.expr for a in args)), text, token, function.number, *args,
                            kind=kind, domain=_DOMAIN_ERRORS.get(function.name))

    def name(self, token: Token) -> _Node:
        if token.text in self.variables:
            return _Node(sympy.Symbol(token.text, real=True), token.text, None, "other")
        if token.text in CONSTANTS:
            return _Node(CONSTANTS[token.text], token.text, float(CONSTANTS[token.text]), "other")
        function = _function(token.text)
        if function is not None:
            raise ExpressionError(f"'{token.text}' is a function; write {token.text}(...)", token.pos)
        raise _unknown_name(token, self.variables)

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"the expression is nested too deeply (at most {MAX_DEPTH} levels)", token.pos)

    def combine(self, expr: sympy.Expr, text: str, token: Token, number: Callable[..., float], *parts: _Node,
                kind: str = "other", domain: str | None = None) -> _Node:
        """A node for `expr`, with its float value when all parts are constant, rejecting undefined results."""
        if expr.has(*_UNDEFINED):
            raise ExpressionError(f"'{text}' is undefined (division by zero or log(0))", token.pos)
        value = None
        if all(part.value is not None for part in parts):
            value = _checked_value(number, [part.value for part in parts], text, token.pos, domain)
        return _Node(expr, text, value, kind)

    def expected(self, token: Token) -> ExpressionError:
        if token.kind == "end":
            previous = self.tokens[self.index - 1].text if self.index else ""
            return ExpressionError(f"the expression ends too early after '{previous}'", token.pos)
        return ExpressionError(f"expected a number, a name or '(' but found '{token.text}'", token.pos)

    def unexpected(self, node: _Node) -> ExpressionError:
        token = self.peek
        if token.kind in (")", "]"):
            return ExpressionError(f"'{token.text}' has no matching opening bracket", token.pos)
        if token.kind == "|":
            return ExpressionError("unexpected '|'; write a product with abs bars as 2*|x|", token.pos)
        if token.kind == ",":
            return self.comma(token)
        return ExpressionError(f"unexpected '{token.text}' after '{node.text}'", token.pos)

    def comma(self, token: Token) -> ExpressionError:
        before, after = self.tokens[self.index - 1], self.tokens[self.index + 1]
        adjacent = before.pos + len(before.text) == token.pos == after.pos - 1
        if adjacent and before.kind == "number" and after.kind == "number" and "." not in before.text:
            return ExpressionError(f"unexpected ','; write the decimal number with a point: "
                                   f"{before.text}.{after.text}", token.pos)
        return ExpressionError("unexpected ','; a comma only separates the arguments of a function "
                               "(a single number or expression is expected, not a list)", token.pos)

    def unclosed(self, opening: Token, closing: str, inner: _Node) -> ExpressionError:
        token = self.peek
        if token.kind == "end":
            return ExpressionError(f"'{opening.text}' is never closed; add '{closing}'", opening.pos)
        if token.kind == ",":
            return self.comma(token)
        if token.kind in (")", "]", "|"):
            return ExpressionError(f"'{token.text}' does not match '{opening.text}' (opened at character "
                                   f"{opening.pos + 1})", token.pos)
        return self.unexpected(inner)


def _checked_value(number: Callable[..., float], values: list[float], text: str, pos: int,
                   domain: str | None) -> float:
    """The float value of a constant piece; too large, non-real or undefined constants are errors."""
    try:
        value = number(*values)
    except ZeroDivisionError:
        raise ExpressionError(f"'{text}' divides by zero", pos) from None
    except OverflowError:
        raise ExpressionError(f"'{text}' is too large a number", pos) from None
    except ValueError:
        raise ExpressionError(f"'{text}' is not a real number" + (f": {domain}" if domain else ""), pos) from None
    if isinstance(value, complex) or math.isnan(value):
        raise ExpressionError(f"'{text}' is not a real number", pos)
    if abs(value) > MAX_MAGNITUDE:
        raise ExpressionError(f"'{text}' is too large a number (at most 1e300)", pos)
    return float(value)


def _float_power(base: float, exponent: float) -> float:
    if base == 0 and exponent < 0:
        raise ZeroDivisionError
    if base < 0 and exponent != int(exponent):
        raise ValueError
    return math.pow(base, exponent)


def _check_power(base: float, exponent: float, pos: int) -> None:
    """Refuse a constant power whose size would be huge, before sympy computes it exactly."""
    if base != 0 and exponent * math.log10(abs(base)) > math.log10(MAX_MAGNITUDE):
        raise ExpressionError("the power is too large a number (at most 1e300)", pos)


def _unknown_name(token: Token, variables: tuple[str, ...]) -> ExpressionError:
    name = token.text
    if len(name) > 40:
        return ExpressionError(f"unknown name '{name[:40]}...'; use * between names, e.g. x*y", token.pos)
    known = [*variables, *CONSTANTS]
    split = _split_names(name, known)
    if split:
        return ExpressionError(f"unknown name '{name}'; write {'*'.join(split)}", token.pos)
    for function in [*FUNCTIONS, *_ALIASES]:
        rest = name[len(function):]
        if name.lower().startswith(function) and rest in known:
            return ExpressionError(f"unknown name '{name}'; did you mean {function}({rest})?", token.pos)
    close = difflib.get_close_matches(name, [*known, *FUNCTIONS, *_ALIASES], n=3, cutoff=0.6)
    if close:
        return ExpressionError(f"unknown name '{name}'; did you mean {' or '.join(close)}?", token.pos)
    listed = ", ".join(known)
    return ExpressionError(f"unknown name '{name}'; the names you can use are {listed}", token.pos)


def _unknown_function(token: Token, variables: tuple[str, ...]) -> ExpressionError:
    name = token.text[:40]
    if name in variables or name in CONSTANTS or _split_names(name, [*variables, *CONSTANTS]):
        return ExpressionError(f"unknown function '{name}' — write {name}*(...)", token.pos)
    close = difflib.get_close_matches(name.lower(), [*FUNCTIONS, *_ALIASES], n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else f"the functions are {', '.join(FUNCTIONS)}"
    return ExpressionError(f"unknown function '{name}'; {hint}", token.pos)


def _split_names(name: str, known: Sequence[str]) -> list[str] | None:
    """`name` as a product of at least two known names and integers ("xy" -> x, y), else None."""
    best: dict[int, list[str]] = {0: []}
    for start in range(len(name)):
        if start not in best:
            continue
        pieces = [k for k in known if name.startswith(k, start)]
        digits = re.match(r"\d+", name[start:])
        pieces += [digits.group()] if digits else []
        for piece in pieces:
            end = start + len(piece)
            if end not in best or len(best[end]) > len(best[start]) + 1:
                best[end] = [*best[start], piece]
    result = best.get(len(name))
    return result if result is not None and len(result) >= 2 else None


def read(raw: str, variables: Iterable[str] = (), *, decimal_comma: bool = False,
         leaky_slope: Fraction = DEFAULT_LEAKY_SLOPE) -> Reading:
    """Parse a student's text into a sympy expression plus how it was read; raises ExpressionError."""
    names = check_variables(variables)
    if not isinstance(raw, str):
        raise ExpressionError(f"expected text, got {type(raw).__name__}")
    tokens = tokenize(normalize(raw), decimal_comma)
    try:
        node = _Parser(tokens, names, Fraction(leaky_slope)).whole()
    except ExpressionError:
        raise
    except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:  # sympy refusing a construction
        raise ExpressionError(f"the expression is not a real-valued formula ({type(exc).__name__})") from None
    _check_written_out(node.text)
    return Reading(node.expr, node.text)


def _check_written_out(text: str) -> None:
    """The reading (every operator written out) must itself be within the limits, so that it reads back."""
    try:
        if len(text) <= MAX_LENGTH:
            tokenize(text)
            return
    except ExpressionError:
        pass
    raise ExpressionError(f"the expression is too long once every operator is written out (at most "
                          f"{MAX_LENGTH} characters and {MAX_TOKENS} symbols): {text[:40]}...")


def parse(raw: str, variables: Iterable[str] = (), *, decimal_comma: bool = False,
          leaky_slope: Fraction = DEFAULT_LEAKY_SLOPE) -> sympy.Expr:
    """Parse a student's text into a sympy expression; raises ExpressionError."""
    return read(raw, variables, decimal_comma=decimal_comma, leaky_slope=leaky_slope).expr


# ---------------------------------------------------------------- printer

_ADD, _NEG, _MUL, _POW, _ATOM = 1, 2, 3, 4, 5
_PRINTED_FUNCTIONS: dict[type, str] = {sympy.exp: "exp", sympy.log: "log", sympy.tanh: "tanh", sympy.Abs: "abs",
                                       sympy.Max: "max", sympy.Min: "min", sympy.floor: "floor"}


def to_text(expr: sympy.Expr) -> str:
    """`expr` (built from the grammar's vocabulary) in the grammar's syntax; ValueError for anything else."""
    return _print(sympy.Integer(expr) if isinstance(expr, int) else expr)[0]


def _print(expr: sympy.Basic) -> tuple[str, int]:
    """Text and precedence of `expr`."""
    if isinstance(expr, sympy.Symbol):
        if not _IDENTIFIER.fullmatch(expr.name) or expr.name in CONSTANTS or _function(expr.name):
            raise ValueError(f"the symbol name {expr.name!r} cannot be written in the expression grammar")
        return expr.name, _ATOM
    if expr is sympy.E or expr is sympy.pi:
        return ("e" if expr is sympy.E else "pi"), _ATOM
    if isinstance(expr, sympy.Rational):
        sign = "-" if expr < 0 else ""
        magnitude = f"{abs(expr.p)}" if expr.q == 1 else f"{abs(expr.p)}/{expr.q}"
        return sign + magnitude, _NEG if sign else (_ATOM if expr.q == 1 else _MUL)
    if isinstance(expr, sympy.Float):
        number = float(expr)
        if not math.isfinite(number):
            raise ValueError(f"{expr} cannot be written in the expression grammar")
        return repr(number), _NEG if number < 0 else _ATOM
    if isinstance(expr, sympy.Add):
        return _print_sum(expr)
    if isinstance(expr, sympy.Mul):
        return _print_product(expr)
    if isinstance(expr, sympy.Pow):
        return _print_power(expr)
    name = _PRINTED_FUNCTIONS.get(type(expr))
    if name is None:
        raise ValueError(f"{expr} cannot be written in the expression grammar (it uses {type(expr).__name__}; "
                         "write it with max, min, abs, exp, log, tanh, floor and powers)")
    return f"{name}({', '.join(_print(arg)[0] for arg in expr.args)})", _ATOM


def _is_negative(term: sympy.Expr) -> bool:
    coefficient = term.as_coeff_Mul()[0]
    return bool(coefficient.is_negative)


def _print_sum(expr: sympy.Add) -> tuple[str, int]:
    terms = expr.as_ordered_terms()
    text = _print(terms[0])[0]
    for term in terms[1:]:
        if _is_negative(term):
            text += " - " + _wrap(-term, _NEG + 1)
        else:
            text += " + " + _wrap(term, _NEG + 1)
    return text, _ADD


def _print_product(expr: sympy.Mul) -> tuple[str, int]:
    coefficient, rest = expr.as_coeff_Mul()
    numerator: list[str] = []
    denominator: list[str] = []
    if coefficient.is_Rational:
        if abs(coefficient.p) != 1:
            numerator.append(str(abs(coefficient.p)))
        if coefficient.q != 1:
            denominator.append(str(coefficient.q))
    elif abs(coefficient) != 1:
        numerator.append(repr(abs(float(coefficient))))
    for factor in sympy.Mul.make_args(rest):
        if isinstance(factor, sympy.Pow) and factor.exp.is_number and factor.exp.is_negative:
            denominator.append(_wrap(sympy.Pow(factor.base, -factor.exp), _POW))
        else:
            numerator.append(_wrap(factor, _MUL))
    text = "*".join(numerator) or "1"
    text += "".join("/" + d for d in denominator)
    sign = "-" if coefficient < 0 else ""
    return sign + text, _NEG if sign else _MUL


def _print_power(expr: sympy.Pow) -> tuple[str, int]:
    base, exponent = expr.base, expr.exp
    if exponent == sympy.Rational(1, 2):
        return f"sqrt({_print(base)[0]})", _ATOM
    if exponent.is_number and exponent.is_negative:
        return "1/" + _wrap(sympy.Pow(base, -exponent), _POW), _MUL
    return f"{_wrap(base, _ATOM)}^{_wrap(exponent, _ATOM)}", _POW


def _wrap(expr: sympy.Expr, minimum: int) -> str:
    """The text of `expr`, in parentheses when its precedence is below `minimum`."""
    text, precedence = _print(expr)
    return text if precedence >= minimum else f"({text})"
