"""Tenants, the unit tree, people, users, memberships, roles and the scoping rules."""
