"""The organisation: functions (departments) and the handoffs between them."""
