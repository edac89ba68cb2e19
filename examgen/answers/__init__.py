"""Answer kinds: how expected values are typed, stored in the key and displayed."""

from examgen.answers.array import Matrix, Vector
from examgen.answers.base import AnswerKind
from examgen.answers.choice import ChoiceValue, MultipleChoice
from examgen.answers.exact import Exact
from examgen.answers.expression import Expression
from examgen.answers.integer import Integer
from examgen.answers.manual import Manual
from examgen.answers.real import Real
from examgen.answers.shape import Shape

__all__ = ["AnswerKind", "ChoiceValue", "Exact", "Expression", "Integer", "Manual", "Matrix", "MultipleChoice", "Real", "Shape",
           "Vector"]
