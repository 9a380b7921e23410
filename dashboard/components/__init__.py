"""Streamlit building blocks shared by every page.

from dashboard.components import chart_card, chart_card_for      # render now
from dashboard.components import build_card, card_for, Recording  # build once, replay on every view
"""

from dashboard.components.chart_card import Card, build_card, card_for, chart_card, chart_card_for
from dashboard.components.recording import Recording

__all__ = ["Card", "Recording", "build_card", "card_for", "chart_card", "chart_card_for"]
