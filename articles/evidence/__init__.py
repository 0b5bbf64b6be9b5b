"""Evidence: references from registries and files, checked and watched."""
