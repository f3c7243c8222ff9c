"""The facts: YAML and spreadsheets read, validated into the model, resolved."""
