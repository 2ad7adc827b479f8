"""Sign-in, users, roles and the permission checks built on them."""
