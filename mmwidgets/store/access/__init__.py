"""Who may see what, decided where data is read, and the access log: tables, guard, export, migration."""
