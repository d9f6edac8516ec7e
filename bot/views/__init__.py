"""Rendering: routines and settings as HTML with their keyboards, charts, reports, exports."""
