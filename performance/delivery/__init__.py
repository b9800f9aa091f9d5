"""Delivery of the Police and Crime Plan: each commitment of a priority with its quarterly
progress, and the OPCC's own graded assessment of each measure each quarter.

Both are signed off like figures (draft → verified → published, see `signoff`); the public and
panel members only ever read published updates and assessments.
"""
