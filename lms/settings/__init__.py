"""Settings modules: base (from the environment), dev, test and production."""
