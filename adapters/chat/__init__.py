"""The conversation layer every chat adapter shares."""
