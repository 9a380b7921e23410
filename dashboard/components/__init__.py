"""Streamlit building blocks shared by every page.

from dashboard.components import chart_card, chart_card_for
"""

from dashboard.components.chart_card import chart_card, chart_card_for

__all__ = ["chart_card", "chart_card_for"]
