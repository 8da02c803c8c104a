"""Learning: Wagtail course, lesson and quiz pages, the question bank, enrolment, progress and grading."""
