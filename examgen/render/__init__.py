"""Renderers: read-only consumers of an ExamBatch."""
