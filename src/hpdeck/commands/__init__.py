"""The command line and the live-preview server; the only place that prints and exits."""
