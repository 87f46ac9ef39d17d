// Keyboard on lists (issue 14, ADR 29), on any list marked with data attributes:
//   <ol data-keys-list> … <li data-keys-row data-href="/p/PAY/items/PAY-3" data-edit-href="…#edit"> …
// j / k move the focus to the next / previous row, Enter opens the row's data-href, e its data-edit-href,
// ? lists every shortcut in a dialog (Esc closes it). Keys typed into a field are never taken.
// A list that moves its own focus (the backlog's virtualised rows) gets ArrowDown / ArrowUp instead of j / k,
// and handles Enter itself: anything a list's own script already handled (defaultPrevented) is left alone.
(() => {
    'use strict';

    const typing = target => target instanceof HTMLElement
        && (target.isContentEditable || target.closest('input, textarea, select, [contenteditable=""], [contenteditable=true]') !== null);

    const rowOf = element => element instanceof Element ? element.closest('[data-keys-row]') : null;
    const lists = () => [...document.querySelectorAll('[data-keys-list]')].filter(l => l.getClientRects().length > 0);
    const rowsOf = list => [...list.querySelectorAll('[data-keys-row]')];

    function focusRow(row) {
        if (!row) return;
        if (!row.hasAttribute('tabindex')) row.tabIndex = -1;
        row.focus({ preventScroll: true });
        row.scrollIntoView({ block: 'nearest' });
    }

    function step(direction) {
        const current = rowOf(document.activeElement);
        if (!current) {
            const first = lists()[0];
            if (first) focusRow(direction > 0 ? rowsOf(first)[0] : rowsOf(first).at(-1));
            return;
        }
        const list = current.closest('[data-keys-list]');
        if (list && list.hasAttribute('data-keys-arrows')) {
            current.dispatchEvent(new KeyboardEvent('keydown', { key: direction > 0 ? 'ArrowDown' : 'ArrowUp', bubbles: true, cancelable: true }));
            return;
        }
        const rows = list ? rowsOf(list) : [current];
        focusRow(rows[rows.indexOf(current) + direction]);
    }

    // ------------------------------------------------------------------ the shortcuts dialog

    const SHORTCUTS = [
        ['Ctrl+K, ⌘K or /', 'Open the command palette: go to an item, a page or an action'],
        ['j / k', 'Next / previous row of a list'],
        ['Enter', 'Open the row (on the backlog, beside the list)'],
        ['e', "Edit the row's item"],
        ['Space', 'Select the row (backlog, for bulk actions)'],
        ['Alt+↑ / Alt+↓', 'Move the item one place up / down (backlog, Product Owner)'],
        ['Alt+Home / Alt+End', 'Move the item to the top / bottom (backlog, Product Owner)'],
        ['?', 'This list of shortcuts'],
        ['Esc', 'Close this dialog, the palette, a menu or the side panel'],
    ];

    let dialog = null;
    function shortcutsDialog() {
        if (dialog) return dialog;
        dialog = document.createElement('dialog');
        dialog.className = 'shortcuts';
        dialog.id = 'shortcuts';
        dialog.setAttribute('aria-labelledby', 'shortcuts-title');
        dialog.dataset.testid = 'shortcuts';
        dialog.setAttribute('data-testid', 'shortcuts');
        const title = document.createElement('h2');
        title.id = 'shortcuts-title';
        title.textContent = 'Keyboard shortcuts';
        const table = document.createElement('table');
        const body = table.createTBody();
        for (const [keys, what] of SHORTCUTS) {
            const row = body.insertRow();
            const th = document.createElement('th');
            th.scope = 'row';
            for (const [i, part] of keys.split(/( \/ |, | or )/).entries()) {
                if (i % 2 === 1) { th.append(part); continue; }
                const kbd = document.createElement('kbd');
                kbd.textContent = part;
                th.append(kbd);
            }
            row.append(th);
            row.insertCell().textContent = what;
        }
        const close = document.createElement('button');
        close.type = 'button';
        close.textContent = 'Close';
        close.dataset.testid = 'shortcuts-close';
        close.setAttribute('data-testid', 'shortcuts-close');
        close.addEventListener('click', () => dialog.close());
        const form = document.createElement('div');
        form.className = 'shortcuts-actions';
        form.append(close);
        dialog.append(title, table, form);
        // A click on the backdrop (outside the box) closes it too.
        dialog.addEventListener('click', event => { if (event.target === dialog) dialog.close(); });
        document.body.append(dialog);
        return dialog;
    }

    function openShortcuts() {
        const d = shortcutsDialog();
        if (!d.open) d.showModal();
        d.querySelector('button').focus();
    }

    document.addEventListener('click', event => {
        const opener = event.target instanceof Element ? event.target.closest('[data-shortcuts-open]') : null;
        if (!opener) return;
        event.preventDefault();
        openShortcuts();
    });

    // Registers and work lists get the same keys without markup of their own: every table in the page's main
    // content, and the My work lists, whose rows carry a link. A row opens its first link; an item row also edits.
    function markLists() {
        const candidates = [...document.querySelectorAll('main table, main ul.work-list, main ul.items')]
            .filter(list => !list.closest('[data-keys-list]') && !list.hasAttribute('data-keys-list'));
        for (const list of candidates) {
            const rows = list.tagName === 'TABLE' ? [...list.querySelectorAll('tbody > tr')] : [...list.children].filter(c => c.tagName === 'LI');
            const linked = rows.filter(row => row.querySelector('a[href]'));
            if (linked.length === 0) continue;
            list.setAttribute('data-keys-list', '');
            for (const row of linked) {
                const href = row.querySelector('a[href]').getAttribute('href');
                row.setAttribute('data-keys-row', '');
                row.dataset.href = href;
                if (/\/items\/[^/#?]+$/.test(href)) row.dataset.editHref = href + '#edit';
            }
        }
    }
    markLists();

    // Buttons that only script can honour show once script runs.
    for (const hidden of document.querySelectorAll('[data-shortcuts-open][hidden]')) hidden.hidden = false;

    document.addEventListener('keydown', event => {
        if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
        if (typing(event.target)) return;
        if (document.querySelector('dialog[open]') && event.key !== 'Escape') return;
        switch (event.key) {
            case '?':
                event.preventDefault();
                openShortcuts();
                break;
            case 'j':
                event.preventDefault();
                step(1);
                break;
            case 'k':
                event.preventDefault();
                step(-1);
                break;
            case 'Enter': {
                const row = rowOf(event.target);
                if (row && event.target === row && row.dataset.href) { event.preventDefault(); window.location.assign(row.dataset.href); }
                break;
            }
            case 'e': {
                const row = rowOf(document.activeElement);
                if (row && row.dataset.editHref) { event.preventDefault(); window.location.assign(row.dataset.editHref); }
                break;
            }
        }
    });

    // An address ending in #edit (the e shortcut) opens the item's edit form and puts the cursor in its first field.
    function openEditForm() {
        if (window.location.hash !== '#edit') return;
        const edit = document.querySelector('details[data-testid=edit], details.edit');
        if (!edit) return;
        edit.open = true;
        edit.scrollIntoView({ block: 'start' });
        const field = edit.querySelector('input:not([type=hidden]), textarea, select');
        if (field) field.focus({ preventScroll: true });
    }
    openEditForm();
    window.addEventListener('hashchange', openEditForm);
})();
