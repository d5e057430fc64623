"""Initiatives (Mẫu 1 / Mẫu 2), evidence, review, scoring and consolidation. Built by the
initiatives issue.
"""
