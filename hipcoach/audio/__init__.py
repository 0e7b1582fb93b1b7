"""Sound cues: the cue catalogue, the rules that turn session events into cues, and the
players that make them heard. Pure Python: nothing here imports Qt.
"""
