"""Models of courses; filled in as the capability is built."""
