"""Plots, the one-page diagram and ipywidgets explorers for the lessons.

Import the module you need (``curriculum.widgets.diagram``,
``curriculum.widgets.explorers``, ...): this package imports nothing by itself,
so loading it sets no plotting state.
"""
