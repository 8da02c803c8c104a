"""Models of training; filled in as the capability is built."""
