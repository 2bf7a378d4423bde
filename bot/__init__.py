"""Composition root: settings, wiring, the web app, workers and the `learnbot` command line."""
