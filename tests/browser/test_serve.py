"""gen serve in the browser: live reload after a good change, the overlay after a bad one."""
import pathlib
import re
import shutil
import subprocess
import tempfile
import threading
import time

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from conftest import DENSE, GEN, set_viewport


@pytest.fixture
def served_copy():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="browser-serve-"))
    site = folder / "site"
    shutil.copytree(DENSE, site, ignore=shutil.ignore_patterns("public", ".*gen-*"))
    process = subprocess.Popen([str(GEN), "serve", "--site", str(site), "--port", "0", "--poll"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    address = None
    lines = []
    deadline = time.time() + 60
    while time.time() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"at (http://[^ ]+/) ", line)
        if found:
            address = found.group(1)
            break
    # Keep reading so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [lines.append(l) for l in process.stdout], daemon=True).start()
    try:
        assert address, "gen serve did not say where it serves:\n" + "".join(lines)
        yield site, address
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def test_serve_reloads_after_a_change_and_shows_the_overlay_after_an_error(driver, served_copy):
    site, address = served_copy
    set_viewport(driver, 1400)
    driver.get(address + "articles/market-hours/")
    assert "covered market" in driver.page_source
    driver.execute_script("window.__beforeReload = true")
    time.sleep(0.5)  # the event stream is open
    article = site / "content" / "articles" / "market-hours.md"
    article.write_text(article.read_text().replace("covered market", "indoor market"))
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return !window.__beforeReload") and "indoor market" in d.page_source,
        "the page did not reload with the change")
    # A change that does not build: the overlay names the problem, and the page stays.
    time.sleep(0.5)
    article.write_text(article.read_text().replace("title:", "title: [unclosed", 1))
    overlay = WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("const o = document.getElementById('gen-serve-overlay'); "
                                   "return o && o.getClientRects().length && o.textContent"),
        "no overlay after a change that does not build")
    assert "market-hours.md" in overlay, overlay
    assert "indoor market" in driver.page_source
    role = driver.execute_script("return document.getElementById('gen-serve-overlay').getAttribute('role')")
    assert role == "alert"
