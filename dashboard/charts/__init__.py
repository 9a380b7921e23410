"""Pure chart builders: a frame and a `ChartSpec` in, a plotly Figure out. No Streamlit here.

from dashboard.charts import ChartSpec, line_chart, bar_chart, change_chart
"""

from dashboard.charts.bar import bar_chart, change_chart
from dashboard.charts.decorate import figure_config, footer_text
from dashboard.charts.line import line_chart
from dashboard.charts.spec import ChartSpec, source_line_from

__all__ = ["ChartSpec", "bar_chart", "change_chart", "figure_config", "footer_text", "line_chart", "source_line_from"]
