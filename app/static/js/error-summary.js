// A form the server sent back with errors opens with the focus on its summary, so a keyboard or screen
// reader user starts where the problems are listed (each links to its field) instead of at the top of
// the page. A page that already put the focus on a field (autofocus) keeps it; the content area, which
// the skip link leaves in the address (#main), does not count.
(() => {
  const toSummary = () => {
    const summary = document.querySelector("main .form-summary");
    const active = document.activeElement;
    if (summary && (active === null || active === document.body || active.id === "main")) {
      summary.focus();
    }
  };
  document.addEventListener("DOMContentLoaded", toSummary);
  window.addEventListener("load", toSummary, { once: true });
})();
