// Behaviours every page shares, here rather than in inline handlers, which the Content-Security-Policy
// (script-src 'self') does not run. Each works by event delegation, so it needs no start-up per page.

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
