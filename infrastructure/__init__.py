"""PostgreSQL plumbing: engine and pool, the unit of work on the driver, hot statements, the job queue."""
