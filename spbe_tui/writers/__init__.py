"""Writing files for people outside the tool: score tables (CSV, XLSX) and institution reports."""
