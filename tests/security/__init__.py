"""Security, fault and hostile-input checks across the apps."""
