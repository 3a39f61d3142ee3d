"""localise: Markdown patient-education articles -> gettext catalogs -> checked HTML and PDF."""

__version__ = "0.1.0"
