"""Built-in checks. Each module defines one check class; the registry finds them all."""
