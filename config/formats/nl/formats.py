"""The portal's Dutch formats, one way each (README, "Notaties"). Django's own `nl` formats
mix a numeric short date and a long one; these replace them (settings.FORMAT_MODULE_PATH).

In templates: `{{ d|date:"SHORT_DATE_FORMAT" }}` "2 okt. 2026" (tables, lists),
`{{ d|date }}` / "DATE_FORMAT" "2 oktober 2026" (where space allows), "TIME_FORMAT" "18:56",
"SHORT_DATETIME_FORMAT" "2 okt. 2026 18:56", "DATETIME_FORMAT" "2 oktober 2026 18:56".
The abbreviations with their dot ("okt.", but "mei") come from `N`, whose Dutch wording the
project's catalogue sets (locale/nl, msgctxt "abbrev. month"). Numbers: `{% load formats %}`
`{{ n|getal }}` "88.000" (USE_THOUSAND_SEPARATOR stays off: ids in URLs and form values stay plain).
Exports keep real dates and numbers (loket.core.exports)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y H:i"
FIRST_DAY_OF_WEEK = 1  # maandag

# Typed dates: 31-12-2026 as the error messages say, and the ISO date of <input type="date">.
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d", "%d-%m-%y", "%d/%m/%Y", "%d %m %Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d-%m-%Y",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
