"""The question bank: one module per topic with @question templates; mc/ and open/ hold data files."""
