"""Synthesis over the evidence tables, one module per job: cohorts, overview, comparison, chart data,
proportions, pooling and certainty."""
