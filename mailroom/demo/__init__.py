"""The bundled demo: example projects and threads, and the command that plays them."""
