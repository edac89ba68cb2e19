"""examgen: personalised, auto-graded deep-learning exams."""

__version__ = "0.1.0"
