"""Periods, comparisons and number formatting shared by every app; imports no app."""
