"""Forms of the ten steps (uib): field locking and tables in `base`, the step forms in `fields`, the tables in
`tables`."""
