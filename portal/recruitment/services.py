"""Recruitment services (issue 2/5 onwards)."""
