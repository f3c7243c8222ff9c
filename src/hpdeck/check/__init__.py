"""What the gate finds in content and in the written deck."""
