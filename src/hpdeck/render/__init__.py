"""The plan translated to a .pptx, with chart pictures and native charts."""
