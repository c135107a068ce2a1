"""Claim records and their verification (evidence, numbers, verdicts). See DESIGN.md; lands with the claims issue."""
