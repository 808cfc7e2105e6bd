"""Notifications: the pipeline from an event to in-app notifications and emails (fan-out,
sender, daily digest), each person's settings and the one-click unsubscribe."""
