"""Pictures of the exercises: each drawn by the project from a pose in rehab/content/poses.toml.

A picture shows the start and the end position side by side, the working leg in its own colour
with the hamstring marked, an arrow for the movement and the props the how-to steps mention.
Drawing is deferred to first use and kept for the process, and importing this package does not
load matplotlib.
"""

from bot.views.exercise_pictures.drawing import exercise_picture, picture_keys

__all__ = ["exercise_picture", "picture_keys"]
