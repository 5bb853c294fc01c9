"""Forms of the convention pages. Each step form lives in its own module (uib); the list filters, creation,
actions, comments and Type I/II forms are here."""
