"""Campaigns, phases, deadlines, KPI targets, participation and reminders. Built by the campaign
issue.
"""
