"""Writers turn a slide plan into files; only they know the file formats."""
