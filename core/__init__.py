"""Shared plumbing with no domain: form helpers, the Excel import pipeline and Excel styles,
checked uploads, HTTP helpers, Vietnamese text folding and local dates.

The bottom of the app graph: core imports no project app, and every app may import it."""
