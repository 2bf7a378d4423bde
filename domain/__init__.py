"""The course engine: data model, commands, handlers, replies and errors. No platform imports."""
