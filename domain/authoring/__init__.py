"""Course authoring as files: a course in YAML/JSON checked, imported in place, exported, published, archived."""
