"""Control charts (XmR): the statistics, the readings for a page and their drawings."""
