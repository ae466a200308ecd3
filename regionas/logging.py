import logging
import time


class UTCFormatter(logging.Formatter):
    """Log timestamps in UTC (ISO 8601), whatever the host's clock zone."""

    converter = time.gmtime

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's API)
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", self.converter(record.created))
