"""Open dashboard of what the Metropolitan Police records about violence against women and girls."""
