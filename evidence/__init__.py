"""Evidence domain for refractory JDM rescue therapies: plain Python, no UI code."""
