"""Reference solvers for examgen's parametric questions.

Pure functions over the standard library, numpy and sympy: they never import `examgen`.
Exact inputs (int, Fraction) give exact answers; floats appear only where a transcendental
function (exp, log, sqrt of a non-square, ...) is involved. Conventions on which the course
materials disagree are explicit keyword arguments (layout, bias, reduction, ReLU'(0),
drop vs keep probability, momentum and weight-decay forms, RNN bias vectors).

Modules by question-catalog group:
    shapes (A1-A3, A5-A8), architecture (A4, B6), data (A9, J6), counts (B1-B5, B7),
    receptive_field (C1), matrix_ops (D1-D5), forward (E1-E8, K2, K5), activations (E9, G4),
    losses (F1-F9, G5, G8), gradients (G2-G6, G8, G9, K3), optim (H1-H11, H13),
    init (I1-I3), metrics (J1-J5); exact holds the shared exact-arithmetic helpers.
"""
