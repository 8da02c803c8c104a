"""Management commands of the courses app."""
