"""LibreOffice: PDF, previews, the sign-off sheet, the live preview's office."""
