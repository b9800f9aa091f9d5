"""Ways figures come in from files: the officer's spreadsheet."""
