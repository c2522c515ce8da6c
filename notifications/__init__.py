"""Templated reminders: rendering (pure) apart from sending (channels). See issue 3."""
