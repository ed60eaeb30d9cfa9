// Print buttons (the plan, two-factor backup codes) (no inline scripts: the Content-Security-Policy forbids them).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
