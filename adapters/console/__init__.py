"""The console adapter: a terminal conversation, one typed line in, the replies as plain text out."""
