"""Views of the register: they parse input and call services and selectors."""
