"""Classes: announcements, quotas, nominations, sessions and attendance."""
