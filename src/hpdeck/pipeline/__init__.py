"""The pipeline: a deck loaded, planned, written and checked, one deck or a batch of them.

It calls every stage below it and returns what happened; printing and exit codes belong to
the command line (hpdeck.commands).
"""
