"""Benchmarks: scripts that print JSON figures; `make bench` calls their run(quick) functions."""
