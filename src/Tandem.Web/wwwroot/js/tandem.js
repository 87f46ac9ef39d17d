// Behaviours every page shares, here rather than in inline handlers, which the Content-Security-Policy
// (script-src 'self') does not run. Each works by event delegation, so it needs no start-up per page.

// Script runs: the phone layout may fold the main menu behind its button (tandem.css).
document.documentElement.classList.add("js");

// The phone's "Menu" button opens and closes the main menu.
document.addEventListener("click", (event) => {
    const toggle = event.target.closest?.(".menu-toggle");
    if (!toggle) return;
    const nav = document.getElementById(toggle.getAttribute("aria-controls"));
    const open = !nav.classList.contains("open");
    nav.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", String(open));
});

// A <select data-autosubmit> submits its form when the choice changes (the product switcher); the form
// keeps a <noscript> button for browsers without script.
document.addEventListener("change", (event) => {
    const select = event.target.closest?.("select[data-autosubmit]");
    if (select?.form) select.form.requestSubmit();
});

// A read-only <input class="copy"> (a one-time link or token) selects its whole text when focused, ready to copy.
document.addEventListener("focusin", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.readOnly && input.classList.contains("copy")) input.select();
});

// Esc closes the navigation menu (or any <details data-closes-on-escape>) that is open, and gives focus back
// to its summary so the keyboard stays where the person was.
document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = [...document.querySelectorAll("details.navmenu[open], details[data-closes-on-escape][open]")];
    const phoneMenu = document.querySelector(".mainnav.open");
    if (open.length === 0 && phoneMenu) {
        phoneMenu.classList.remove("open");
        const toggle = document.querySelector(".menu-toggle");
        toggle?.setAttribute("aria-expanded", "false");
        toggle?.focus();
        event.preventDefault();
        return;
    }
    if (open.length === 0) return;
    for (const details of open) details.open = false;
    const inside = open.find((d) => d.contains(document.activeElement)) ?? open[0];
    inside.querySelector("summary")?.focus();
    event.preventDefault();
});
