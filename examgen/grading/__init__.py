"""Grading: read students' answers, score them against the answer key, keep a gradebook, write reports."""
