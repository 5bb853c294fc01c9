"""A job with a plain, non-idempotent side effect (one line appended to a file), to count how often jobs run."""

import os
import time

from django_tasks import task


@task()
def append_line(number: int, path: str) -> int:
    time.sleep(0.02)
    with open(path, "a", encoding="utf-8") as journal:
        journal.write(f"{number} {os.getpid()}\n")
    return number
