"""Helpers that import no app of the project: used by cases and networks alike."""
