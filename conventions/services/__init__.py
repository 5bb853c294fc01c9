"""Services of the convention pages beyond the workflow (creation, comments, Type I/II choice).

Status changes live in conventions.workflow; these functions never touch `statut` of an existing convention."""
