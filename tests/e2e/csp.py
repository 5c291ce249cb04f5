"""Record every Content-Security-Policy violation a browser page reports."""

import json

from playwright.sync_api import Error as PlaywrightError

# Runs before any of the page's own scripts, in every frame of every page.
RECORDER_SCRIPT = """
(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    const line = JSON.stringify({
      page: document.location.href,
      directive: event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile + ":" + event.lineNumber,
      sample: event.sample,
    });
    window.__cspViolations.push(line);
    if (window.__reportCspViolation) window.__reportCspViolation(line);
  });
})();
"""


class CSPViolations:
    """Collect violations from the pages of every browser context a test opens."""

    def __init__(self):
        self.found: list[str] = []
        self.seen: set[str] = set()
        self.contexts = []

    def _add(self, line: str) -> None:
        if line not in self.seen:
            self.seen.add(line)
            self.found.append(line)

    def attach(self, context) -> None:
        """Watch a context: an init script for the DOM event, a listener for console."""
        context.expose_binding(
            "__reportCspViolation", lambda _source, line: self._add(line)
        )
        context.add_init_script(RECORDER_SCRIPT)
        context.on("page", self._watch_console)
        for page in context.pages:
            self._watch_console(page)
        self.contexts.append(context)

    def _watch_console(self, page) -> None:
        page.on("console", self._console)

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self._add(json.dumps({"page": message.page.url, "console": text}))

    def harvest(self) -> None:
        """Read what each open page recorded on `window`, in case a report was lost."""
        for context in self.contexts:
            for page in context.pages:
                if page.is_closed():
                    continue
                try:
                    lines = page.evaluate("window.__cspViolations || []")
                except PlaywrightError:  # a page mid-navigation has nothing to give
                    continue
                for line in lines:
                    self._add(line)

    def take(self) -> list[str]:
        """Return the violations seen so far and forget them."""
        self.harvest()
        found, self.found = self.found, []
        return found
