"""Getting institutions' self-assessments into the database: read, validate, store evidence."""
