"""mmwidgets: coaching workbooks for Mobility Mentoring(R), served with Voila.

Layers, each importing only those below it: model, store, figures, widgets, apps.
"""

__version__ = "0.1.0"
