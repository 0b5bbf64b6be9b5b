"""Benchmark-only view: the "Django ceiling" of `make bench`.

Mounted only when BENCH_CEILING_FILE is set (see cms/urls.py): it returns the
bytes of a saved article page from memory, so the benchmark can compare the
real page with the fastest response Django can give.
"""

import os
from pathlib import Path

from django.http import HttpResponse

PAGE = Path(os.environ.get("BENCH_CEILING_FILE", "/dev/null")).read_bytes()


def ceiling(request):
    return HttpResponse(PAGE, content_type="text/html; charset=utf-8")
