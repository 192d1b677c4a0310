"""The SVG charts moved to ioa_portal.lib.charts, so that networks can draw them too;
the names stay importable from here."""

from ioa_portal.lib.charts import *  # noqa: F403
from ioa_portal.lib.charts import (  # noqa: F401
    _attr,
    _fit,
    _num,
    _scale,
    _shorten,
    _svg,
)
