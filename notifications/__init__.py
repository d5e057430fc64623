"""notifications: in-app messages to one user each, and their delivery.

Below campaign and every app above it (ARCHITECTURE: core → units → notifications → ...): it
imports units and core only. An app that wants to tell people something calls
`notifications.services.notify` inside the transaction of its own write; the rows commit or
roll back with it, and what goes out of the database (e-mail) is queued on commit.

Channels (issue 20): each person chooses per kind (`kinds.Kind`) "in the app only", "e-mail
at once" or "the daily digest" (page "Cách nhận thông báo", `notifications:channels`); the
tenant administrator sets the defaults (`notifications:settings`, which also lists the
e-mails that could not be delivered); the platform's defaults are `kinds.DEFAULT_CHANNELS`
(what asks for action soon at once, news in the digest, reminders at once). Every e-mail
has a `Delivery` row, unique per (notification, channel); each digest a `Digest` row, unique
per (person, day), written by the morning run (beat "notifications-digest", 7:05 local).
"""
