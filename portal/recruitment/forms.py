"""Recruitment forms (issue 2/5 onwards)."""
