"""Text helpers shared by the components: per-document indexes of spans by offset."""
