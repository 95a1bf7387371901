"""Team reports: the rules for baseline, change, shares and small groups."""
