// Suggestions while someone types, in the browser's own suggestion list (a <datalist>), from Landa's API.
// Anything typed stays as typed; without JavaScript the fields are plain text fields.
// - Skill fields (data-skill-suggest) take a list separated by commas: while a skill is typed, labels from
//   the skill vocabulary (GET /api/v1/skills) are offered, each as the whole field: what is already typed,
//   then the suggestion.
// - Occupation fields (data-occupation-suggest) take one occupation: "code label" of the SSYK unit groups
//   that fit what is typed (GET /api/v1/occupations), in the page's language. (The page then need not
//   carry all 426 of them.)
(() => {
  const WAIT_MS = 200;
  const MIN_LENGTH = 2;
  const KINDS = {
    skill: {
      split: (value) => {
        const cut = value.lastIndexOf(",");
        return [cut < 0 ? "" : value.slice(0, cut + 1) + " ", value.slice(cut + 1).trim()];
      },
      url: (typing) => `/api/v1/skills?limit=8&q=${encodeURIComponent(typing)}`,
      value: (skill) => skill.label,
    },
    occupation: {
      split: (value) => ["", value.trim()],
      url: (typing) => `/api/v1/occupations?limit=10&q=${encodeURIComponent(typing)}`,
      value: (occupation) => {
        const english = document.documentElement.lang === "en";
        return `${occupation.code} ${english ? occupation.label_en : occupation.label_sv}`;
      },
    },
  };

  const attach = (input, kind) => {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    let timer = null;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const [done, typing] = kind.split(input.value);
        if (typing.length < MIN_LENGTH || typing === asked) return;
        asked = typing;
        try {
          const response = await fetch(kind.url(typing), { headers: { Accept: "application/json" } });
          if (!response.ok) return;
          const found = await response.json();
          list.replaceChildren(...found.map((item) => {
            const option = document.createElement("option");
            option.value = done + kind.value(item);
            return option;
          }));
        } catch (error) {
          // No suggestions: the field works as a plain text field.
        }
      }, WAIT_MS);
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[data-skill-suggest][list]").forEach((input) => attach(input, KINDS.skill));
    document.querySelectorAll("input[data-occupation-suggest][list]")
      .forEach((input) => attach(input, KINDS.occupation));
  });
})();
