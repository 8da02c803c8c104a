"""Commands: import_questions."""
