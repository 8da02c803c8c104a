"""Security checks: access by role on every URL, no writes on GET, CSRF, headers, uploads and private files."""
