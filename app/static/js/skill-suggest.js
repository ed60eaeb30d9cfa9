// Skill fields take a list separated by commas. While someone types a skill, the browser's own
// suggestion list (a <datalist>) offers labels from the skill vocabulary (GET /api/v1/skills), each as
// the whole field: what is already typed, then the suggestion. Anything typed stays as typed; without
// JavaScript the field is a plain text field.
(() => {
  const WAIT_MS = 200;
  const MIN_LENGTH = 2;

  const attach = (input) => {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    let timer = null;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const value = input.value;
        const cut = value.lastIndexOf(",");
        const done = cut < 0 ? "" : value.slice(0, cut + 1) + " ";
        const typing = value.slice(cut + 1).trim();
        if (typing.length < MIN_LENGTH || typing === asked) return;
        asked = typing;
        try {
          const response = await fetch(`/api/v1/skills?limit=8&q=${encodeURIComponent(typing)}`,
            { headers: { Accept: "application/json" } });
          if (!response.ok) return;
          const skills = await response.json();
          list.replaceChildren(...skills.map((skill) => {
            const option = document.createElement("option");
            option.value = done + skill.label;
            return option;
          }));
        } catch (error) {
          // No suggestions: the field works as a plain text field.
        }
      }, WAIT_MS);
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[data-skill-suggest][list]").forEach(attach);
  });
})();
