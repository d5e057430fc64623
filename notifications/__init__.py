"""notifications: in-app messages to one user each, and their delivery.

Below campaign and every app above it (ARCHITECTURE: core → units → notifications → ...): it
imports units and core only. An app that wants to tell people something calls
`notifications.services.notify` inside the transaction of its own write; the rows commit or
roll back with it, and what goes out of the database (e-mail) is queued on commit.
"""
