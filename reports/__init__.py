"""Periodic KPI reports, roll-ups, dashboards and the reporting API. Built by the reports issue."""
