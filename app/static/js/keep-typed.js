// Switching the language reloads the page from the server, which would drop what the person has typed
// but not saved. Before the switch, keep the page's form fields in this tab's sessionStorage; after
// the reload, put them back and forget them. Passwords, hidden fields and files are never kept.
(() => {
  const KEY = "landa-typed:" + location.pathname + location.search;
  const SKIP = new Set(["password", "hidden", "file", "submit", "button"]);
  const fields = () => Array.from(document.querySelectorAll("main form [name]"))
    .filter((el) => !SKIP.has(el.type) && el.name !== "csrf_token");

  document.addEventListener("submit", (event) => {
    if (!event.target.matches(".language-switch")) return;
    const kept = fields().map((el) => (el.type === "checkbox" || el.type === "radio")
      ? [el.form ? Array.from(document.forms).indexOf(el.form) : -1, el.name, el.value, el.checked]
      : [el.form ? Array.from(document.forms).indexOf(el.form) : -1, el.name, null, el.value]);
    if (kept.length) sessionStorage.setItem(KEY, JSON.stringify(kept));
  });

  document.addEventListener("DOMContentLoaded", () => {
    const stored = sessionStorage.getItem(KEY);
    if (!stored) return;
    sessionStorage.removeItem(KEY);
    for (const [form, name, value, state] of JSON.parse(stored)) {
      const scope = document.forms[form];
      if (!scope) continue;
      for (const el of scope.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (SKIP.has(el.type)) continue;
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === value) el.checked = state;
        } else {
          el.value = state;
        }
      }
    }
  });
})();
