"""Throughput and correctness of the harness on XLM-R shapes: workloads, the harness's own paths,
the Trainer baseline, fast-vs-reference checks, and the suite that runs them into one table."""
