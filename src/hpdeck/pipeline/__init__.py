"""The pipeline: a deck loaded, planned, written and checked, one deck or a batch of them.

Also what spans every stage without building: a new project folder (newproject) and the JSON
Schemas of its files (schema), which list the section types' models and so sit above sections.

It calls every stage below it and returns what happened; printing and exit codes belong to
the command line (hpdeck.commands).
"""
