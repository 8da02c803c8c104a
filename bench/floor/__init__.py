"""The page floor: a bare Wagtail page with a StreamField, what the course and lesson pages are compared with."""
