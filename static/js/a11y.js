// Accessibility helpers that HTML alone cannot do (no inline script: the CSP forbids it).

// A form sent back with errors: move focus to the error summary, so that a screen reader reads it
// and the keyboard starts from its links to the fields (WCAG 3.3.1).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".ds-error-summary");
  if (summary) summary.focus();
  markScrollableTables();
});

// A table (or chart) wider than the screen scrolls inside its .table-wrap (.chart-wrap). Such a region
// must be reachable by keyboard to be scrolled (WCAG 2.1.1); it is named by its data-label, or after
// the table's caption or the nearest heading before it.
function markScrollableTables() {
  document.querySelectorAll(".table-wrap, .chart-wrap").forEach((wrap) => {
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && !wrap.hasAttribute("tabindex")) {
      const caption = wrap.querySelector("caption");
      const name = wrap.dataset.label || (caption || headingBefore(wrap))?.textContent.trim();
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", `${name || "Tabell"} (rull sidelengs)`);
    } else if (!scrolls && wrap.getAttribute("role") === "region") {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  });
}
window.addEventListener("resize", markScrollableTables);

// The nearest heading before an element in document order: its name when it has no caption.
function headingBefore(element) {
  for (let node = element; node && node !== document.body; node = node.parentElement) {
    for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
      if (/^H[1-6]$/.test(sibling.tagName)) return sibling;
      const inner = sibling.querySelectorAll("h1, h2, h3, h4, h5, h6");
      if (inner.length) return inner[inner.length - 1];
    }
  }
  return null;
}
