"""Figures to take away: a card's print-ready images (kaleido) and its press pack (zip). No Streamlit, no store.

from dashboard.press import Printable, print_figure, render_image, press_pack
"""

from dashboard.press.images import print_figure, render_image
from dashboard.press.pack import press_pack
from dashboard.press.printable import Printable

__all__ = ["Printable", "print_figure", "press_pack", "render_image"]
