"""Keyboard-only helpers: move focus with Tab the way a person would, never with a click."""

from __future__ import annotations

import re

NAME_OF_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "";
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  return (e.getAttribute("aria-label") || label || e.innerText || e.value || e.title || "").trim();
}"""


# WCAG 2.4.7: whatever has the keyboard focus shows it (an outline or a focus ring drawn as a shadow).
FOCUS_SHOWN = """() => {
  const style = getComputedStyle(document.activeElement);
  const opaque = (text) => {
    const color = text.match(/rgba?\\(([^)]*)\\)/);
    if (!color) return true;
    const parts = color[1].split(/[\\s,\\/]+/).filter(Boolean);
    return parts.length < 4 || parseFloat(parts[3]) > 0;
  };
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && opaque(style.outlineColor);
  const ring = style.boxShadow !== "none" && style.boxShadow.split(/,(?![^(]*\\))/).some(
    (shadow) => opaque(shadow) && /[1-9]/.test(shadow.replace(/rgba?\\([^)]*\\)/, "")));
  return outline || ring;
}"""


def focused_name(page) -> str:
    return page.evaluate(NAME_OF_FOCUSED)


def tab_to(page, pattern: str, limit: int = 120) -> str:
    """Press Tab until the focused element's accessible name matches ``pattern``; fail if it never does."""
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = focused_name(page)
        if re.search(pattern, name, re.I):
            assert page.evaluate(FOCUS_SHOWN), f"{name!r} has the focus but shows no focus indicator on {page.url}"
            return name
        seen.append(name)
    raise AssertionError(f"Tab never reached {pattern!r} on {page.url}; focus order: {seen}")


def type_into(page, label: str, text: str) -> None:
    tab_to(page, label)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose_by_keyboard(page, label: str, option: str) -> None:
    """Focus a <select> and type the start of the option, as a keyboard user does."""
    tab_to(page, label)
    page.keyboard.type(option)
    chosen = page.evaluate("() => document.activeElement.selectedOptions[0].textContent.trim()")
    assert chosen.startswith(option), f"typing {option!r} in {label!r} chose {chosen!r}"


def press_enter_and_wait(page) -> None:
    """Enter on a focused link or button that loads a new page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_button(page, pattern: str) -> None:
    tab_to(page, pattern)
    press_enter_and_wait(page)
