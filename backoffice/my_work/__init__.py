"""My work: the start page, composed of what each feature has for the signed-in user."""
