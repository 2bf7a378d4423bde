"""Assessments: questions and their validation (quiz taking and grading come with the assessments issue)."""
