"""Hostile and broken students' answers for the expression grammar (test data, not collected as tests).

HOSTILE: code injection, attribute access, shell / SQL / LaTeX snippets, control characters, oversized and
deeply nested input, huge numbers and power towers, undefined constants, lists where a scalar is expected,
broken syntax, unknown names. Each must end as invalid (or missing), fast, and nothing in it may ever run.
HEAVY: valid expressions that are expensive to compare; any verdict is fine, but within the time limit.
Whatever tries to execute code names SENTINEL, so that a tripwire can tell it apart from normal work.
"""

from __future__ import annotations

SENTINEL = "examgen_hostile_sentinel"

_CODE = [
    f"__import__('os').system('touch {SENTINEL}')",
    f"__import__('{SENTINEL}')",
    f'__import__("{SENTINEL}")',
    "().__class__.__bases__[0].__subclasses__()",
    "().__class__.__bases__",
    "x.real", "x.__class__", "x.__dict__", "x.func", "x.args[0]", "sigma.__globals__",
    "lambda: 1", "lambda x: x", "(lambda: 1)()",
    f"exec('import {SENTINEL}')", f"eval('{SENTINEL}')", f"compile('{SENTINEL}', 'f', 'exec')",
    "exec", "eval", "eval(x)", "exec(x)",
    f"f'{{{SENTINEL}}}'", f'f"{{__import__(\'{SENTINEL}\')}}"', "f'{x}'",
    f"`{SENTINEL}`", "`x`",
    "x; y", f"x; import {SENTINEL}", f"import {SENTINEL}", f"from {SENTINEL} import *",
    "open('/etc/passwd').read()", "open('/etc/passwd')", "getattr(x, 'real')", "globals()", "locals()",
    "vars()", "dir()", "type('A', (), {})", "print(x)", "input()", "breakpoint()", "help()", "exit()",
    "sympify('x')", "S('x')", "parse_expr('x')", "lambdify(x, x)", "Symbol('x')", "Integer(1)",
    "Rational(1, 2)", "Matrix([[1, 2], [3, 4]])", "x if x else y", "yield x", "await x", "x := 1",
    "del x", "x[0]", "x['a']", "{**x}", "*x", "**x", "x @ y", "~x", "not x", "x and y", "x or y",
    "x is y", "x in y", "x == y", "x != y", "x < y", "x >= 0", "x % 2", "x // 2", "x & y", "x | y | z",
    "x ^^ 2", "0x1F", "0b101", "0o17", "1_000", "1j", "1e+", "inf", "nan", "oo", "zoo", "I", "E", "None",
    "True", "self", "__builtins__", "__class__", "__name__", "x.__class__.__mro__",
    "[i for i in range(10**9)]", "[x for x in ()]", "{x: 1}", "{1, 2}", "(1, 2)", "1, 2", "x,",
    "os.system('ls')", "subprocess.run(['ls'])", "sys.exit()", "\\x00", "\\u0000",
]

_SHELL_SQL_LATEX = [
    "$(rm -rf /)", "`rm -rf /`", "x; rm -rf /", "x && echo hi", "| cat /etc/passwd", "> /tmp/x", "~/.bashrc",
    "${IFS}", "x\nrm -rf /", "';!--\"<XSS>=&{()}", "<script>alert(1)</script>", "../../etc/passwd",
    "'; DROP TABLE students; --", "1 OR 1=1", "x UNION SELECT * FROM grades", "SELECT * FROM grades",
    "' OR '1'='1", "1; DELETE FROM answers",
    "\\frac{1}{1+e^{-x}}", "$x^2$", "\\sigma(x)", "\\begin{pmatrix}1\\end{pmatrix}", "x \\cdot y",
    "\\input{/etc/passwd}", "\\write18{rm -rf /}", "\\left( x \\right)", "x^{2}", "\\sqrt{x}",
    "{x}", "%s%s%s%n", "{0}", "%(x)s", "${x}",
]

_BROKEN = [
    "(x+1", "x+1)", "((x)", "x)(", "[x)", "(x]", "|x", "x|", "||", "()", "[]", "(,)", "x,y", "max(,)",
    "max(x,)", "sigma()", "x++", "x+*y", "/x", "^x", "x^", "x^^2", "x**", "2..3", "..", ".", "1.2.3",
    "e^", "-", "+", "x!", "x'", "x\"", "x#comment", "x $", "x ?", "x @", "x ~", "x =", "= x", "x:=", "→ x",
    "x(1-x)", "2x(1-x)", "xy", "z", "X", "alpha", "sin(x)", "cos(x)", "foo(x)", "os(x)", "system(x)",
    "sigmoidx", "sigma", "max", "log", "max(x)", "min(1)", "exp(x, y)", "leaky_relu(x, 2)",
    "leaky_relu(x, y)", "log(x, 2)", "1/2x", "x/2(x+1)", "2|x|", "x 2", "x y", "(x+1)(x-1)x",
    "[[1, 2], [3, 4]]", "[1, 2, 3]", "(1; 2)", "np.array([1, 2])", "diag(1, 2)", "x^T", "x'y",
]

_UNDEFINED = [
    "1/0", "log(0)", "ln(0)", "x/0", "1/(x-x)", "log(-1)", "sqrt(-1)", "0^-1", "(-1)^(1/2)", "1/(1-1)",
    "exp(1000)", "tanh(1/0)", "(-8)^(1/3)", "log(1-1)", "1/(sqrt(2)^2-2)", "0^(-2)", "sqrt(-x^2-1) + 1/0",
    "e^(10^3)", "10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12"
    "*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12*10^12",
]

_HUGE = [
    "9^9^9^9", "2^(10^10)", "10^1000", "(10^12)^(10^12)", "2^2^2^2^2^2", "e^e^e^e", "exp(exp(exp(10)))",
    "x^(10^10)", "x^101", "x^-101", "10^10^10", "1e1000", "1e-1000", "1e100000000000", "2^1000",
    "(2^50)^50", "2^(2^(2^(2^2)))", "999^999", "10^(-1000)", "x^(2^200)",
]


def _generated() -> list[str]:
    """Oversized, nested, numeric and character-level variations, built programmatically."""
    items = ["x" * 10_000, "1" * 10_000, "x+" * 5_000 + "x", "(" * 10_000 + "x" + ")" * 10_000, "(" * 10_000,
             ")" * 10_000, "-" * 10_000 + "x", "sigma(" * 200 + "x" + ")" * 200, "|" * 1_000, "√" * 600 + "x",
             "a" * 501, "x" * 200 + "y" * 200, " " * 10_000 + "x", "+".join(["x"] * 151),
             "max(" + ", ".join(["x"] * 11) + ")", "x" + "^x" * 200]
    items += ["(" * n + "x" + ")" * n for n in (31, 40, 64, 100, 249)]
    items += ["[" * n + "x" + "]" * n for n in (31, 100)]
    items += ["sqrt(" * n + "x" + ")" * n for n in (31, 60)]
    items += ["9" * n for n in (13, 21, 50, 400, 5_000)]
    items += ["1" + "0" * n + ".5" for n in (25, 100)]
    controls = [0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x1B, 0x7F, 0x85, 0x200B, 0x200E, 0x202E, 0x2066, 0xFEFF,
                0xE000, 0xD800, 0xF0000]
    items += [f"x{chr(c)}+1" for c in controls] + [f"{chr(c)}x" for c in controls[:8]]
    items += ["x + 1\x00; rm -rf /", "\x00" * 100]
    strangers = ["х", "ℏ", "😀", "ä", "∑", "∫", "≤", "→", "€", "°", "x\u0301", "ǆ", "Ⅳ", "٣"]
    items += [f"2{s}" for s in strangers]
    for snippet in ["__import__('os')", "x.real", "exec('1')", "; rm -rf /", "' OR 1=1 --", "\\frac12"]:
        items += [f"x + {snippet}", f"{snippet} + x", f"sigma({snippet})"]
    return items


_MISSING = ["", " ", "\t", "\n\n", "   \r\n "]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


HOSTILE: list[str] = _unique(_CODE + _SHELL_SQL_LATEX + _BROKEN + _UNDEFINED + _HUGE + _generated() + _MISSING)

HEAVY: list[str] = [
    "exp(exp(exp(exp(x))))", "x^x^x^x^x", "(x^50)^50", "(x+1)^100*(x-1)^100", "(x+y+1)^100 - (x+y+1)^99",
    "tanh(" * 29 + "x" + ")" * 29, "sigma(" * 29 + "x" + ")" * 29, "floor(100*x)", "log(log(log(x)))",
    "abs(x)^(1/3)", "+".join(f"x^{k}" for k in range(1, 60)), "max(" + ", ".join(f"x^{k}" for k in range(1, 11)) + ")",
    "softplus(softplus(softplus(x)))*leaky_relu(y, 0.3)^7", "(e^x - e^-x)/(e^x + e^-x) - tanh(x) + sigma(x)",
    "floor(x*y*100)/(1 + abs(x - y))", "exp(100*x)", "x^100*y^100", "e^(x^2)^50", "99^99*x", "1e",
    "0." + "0" * 300 + "1", "(1/3)^100 + x",
]
