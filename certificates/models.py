"""Models of certificates; filled in as the capability is built."""
