"""scrapy-deltafetch 2.1.0 for Scrapy 2.13+: the same middleware, with async spider output.

DeltaFetch only defines a synchronous ``process_spider_output``, which Scrapy 2.19
refuses for a spider whose ``start()`` is asynchronous. This subclass adds the
asynchronous form and keeps DeltaFetch's own logic for every element.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy_deltafetch import DeltaFetch


class AsyncDeltaFetch(DeltaFetch):  # type: ignore[misc]
    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        async for element in result:
            for kept in self.process_spider_output(response, [element], spider):
                yield kept
