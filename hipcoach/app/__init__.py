"""The application layer, free of Qt: today's plan, the running session and its record.

Views and commands read these facts from here and nowhere else: the start screen,
``--start``, ``hipcoach next`` and ``hipcoach plan --coached`` all play the same
``StagePlan``; the end screen, History and the printouts read the same session record.
"""
