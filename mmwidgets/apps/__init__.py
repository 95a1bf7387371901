"""One function per workbook: wire widgets to the store."""
