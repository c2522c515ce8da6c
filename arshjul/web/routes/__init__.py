"""One router per page family; `arshjul.web.app` includes them in this order."""
