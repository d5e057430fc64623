"""Date and number formats of the two UI languages (settings.FORMAT_MODULE_PATH).

Django's own Vietnamese locale defines no input formats, so without these modules a form
falls back to the US defaults and reads "05/06/2026" as 6 May. Both languages read and show
dates day-first: the people who switch the UI to English are Vietnamese staff, and a
month-first reading would silently corrupt a date. See `daymonth` for the shared lists.
"""
