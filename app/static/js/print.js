// Print buttons (the plan, two-factor backup codes) (no inline scripts: the Content-Security-Policy forbids them).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// The plan's phases fold: a printout shows them all, and a link to a step opens the phase it is in.
const folded = () => Array.from(document.querySelectorAll("details.plan-phase"));
let closedForPrint = [];
window.addEventListener("beforeprint", () => {
  closedForPrint = folded().filter((d) => !d.open);
  closedForPrint.forEach((d) => { d.open = true; });
});
window.addEventListener("afterprint", () => {
  closedForPrint.forEach((d) => { d.open = false; });
  closedForPrint = [];
});
const openTarget = () => {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  const phase = target && target.closest("details.plan-phase");
  if (phase && !phase.open) {
    phase.open = true;
    target.scrollIntoView();
  }
};
window.addEventListener("hashchange", openTarget);
document.addEventListener("DOMContentLoaded", openTarget);
