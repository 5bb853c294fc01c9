"""Excel templates, import and export of the tables of the convention form (reference §3)."""
