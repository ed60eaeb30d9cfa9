// Switching the language reloads the page from the server, which would drop what the person has typed
// but not saved (or typed into a form the server sent back with errors). When the language form is
// sent, the page's form fields are kept in this tab's sessionStorage with the page the switch returns
// to; the next page reads them once and deletes them, and puts them back only if it is that page, it
// arrives within half a minute, and the form has the same action.
// Passwords, hidden fields, files and one-time codes are never kept.
(() => {
  const KEY = "landa-typed";
  const MAX_AGE_MS = 30000;
  const SKIP = new Set(["password", "hidden", "file", "submit", "button", "reset", "image"]);
  const keepable = (el) => !SKIP.has(el.type) && el.name && el.name !== "csrf_token"
    && el.autocomplete !== "one-time-code" && el.form && el.form.closest("main");

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches(".language-switch")) {
      const fields = Array.from(document.querySelectorAll("main form [name]"))
        .filter(keepable)
        .map((el) => ({
          action: el.form.getAttribute("action") || "", name: el.name, value: el.value,
          checked: (el.type === "checkbox" || el.type === "radio") ? el.checked : null,
        }));
      if (fields.length) {
        sessionStorage.setItem(KEY, JSON.stringify({ at: Date.now(), page: form.elements.next.value, fields }));
      }
    }
  });

  document.addEventListener("DOMContentLoaded", () => {
    const stored = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    if (!stored) return;
    let kept;
    try { kept = JSON.parse(stored); } catch { return; }
    const here = location.pathname + location.search;
    if (kept.page !== here || !(Date.now() - kept.at < MAX_AGE_MS)) return;
    for (const field of kept.fields) {
      for (const form of document.querySelectorAll("main form")) {
        if ((form.getAttribute("action") || "") !== field.action) continue;
        for (const el of form.querySelectorAll(`[name="${CSS.escape(field.name)}"]`)) {
          if (!keepable(el)) continue;
          if (field.checked === null) el.value = field.value;
          else if (el.value === field.value) el.checked = field.checked;
        }
      }
    }
  });
})();
