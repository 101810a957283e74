"""Applying to a published role in the way that suits the applicant (issue 3/5).

Services first; the question pages build on them (see services.py for the rules).
"""
