"""The date formats shared by both UI languages: day first, never month first.

The first input format is the one forms and the admin's date widgets and calendar write;
the others are what people also type (d/m/yyyy is read by "%d/%m/%Y" as well) and what an
<input type="date"> sends (yyyy-mm-dd). No format here may begin with the month.
"""

DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
MONTH_DAY_FORMAT = "d/m"
# Monday, as on Vietnamese calendars (the admin's date picker).
FIRST_DAY_OF_WEEK = 1

_DAY_FIRST = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")

DATE_INPUT_FORMATS = [*_DAY_FIRST, "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    *(
        f"{day}{time}"
        for day in (*_DAY_FIRST, "%Y-%m-%d")
        for time in (" %H:%M:%S", " %H:%M:%S.%f", " %H:%M", "")
    ),
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
