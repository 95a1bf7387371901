"""The bridge as data: definitions, suggested-step rules, crosswalks between versions, diffs, edits, the library of definitions, the data-file loader, colours and norms."""
