// The command palette (issue 14, ADR 29): Ctrl+K, ⌘K or / opens a modal search that goes to an item (by key or
// title, across the products the person may read), a page of the navigation, or an action the person may take.
// Items and actions come from GET /api/v1/search, which decides what this person may see and do; pages are the
// links the navigation already shows them. Arrow keys move through the options, Enter goes, Esc closes.
// Without script the header's "Search" link leads to /search, the same search as a page.
(() => {
    'use strict';

    const nav = document.getElementById('main-nav');
    if (!nav) return; // signed out: nothing to search

    const typing = target => target instanceof HTMLElement
        && (target.isContentEditable || target.closest('input, textarea, select') !== null);
    const currentProduct = () => {
        const match = window.location.pathname.match(/^\/p\/([^/]+)/i);
        if (match) return match[1].toUpperCase();
        const picker = document.querySelector('[data-testid=product-switch]');
        return picker && picker.value ? picker.value : null;
    };
    const looksLikeKey = q => /^[a-z][a-z0-9]*-\d+$/i.test(q.trim());

    /** The pages the navigation shows this person (menus included), once each. */
    function pages() {
        const seen = new Set();
        const found = [];
        for (const link of document.querySelectorAll('.topbar a[href]')) {
            const url = link.getAttribute('href');
            if (!url || url.startsWith('#') || seen.has(url) || link.closest('[data-palette-open]')) continue;
            const title = link.textContent.replace(/\s+/g, ' ').trim();
            if (!title) continue;
            seen.add(url);
            const menu = link.closest('details')?.querySelector('summary')?.textContent.trim();
            found.push({ kind: 'page', title, hint: menu ? `${menu} menu` : 'Page', url });
        }
        return found;
    }

    let dialog, input, listbox, status, options = [], active = -1, sequence = 0, timer = 0;

    function build() {
        dialog = document.createElement('dialog');
        dialog.className = 'palette';
        dialog.setAttribute('aria-label', 'Command palette');
        dialog.setAttribute('data-testid', 'palette');
        const label = document.createElement('label');
        label.className = 'visually-hidden';
        label.htmlFor = 'palette-input';
        label.textContent = 'Go to an item, a page or an action';
        input = document.createElement('input');
        input.id = 'palette-input';
        input.type = 'text';
        input.autocomplete = 'off';
        input.spellcheck = false;
        input.maxLength = 100;
        input.placeholder = 'Go to an item (PAY-12 or words), a page or an action…';
        input.setAttribute('role', 'combobox');
        input.setAttribute('aria-expanded', 'true');
        input.setAttribute('aria-controls', 'palette-options');
        input.setAttribute('aria-autocomplete', 'list');
        input.setAttribute('data-testid', 'palette-input');
        listbox = document.createElement('ul');
        listbox.id = 'palette-options';
        listbox.setAttribute('role', 'listbox');
        listbox.setAttribute('aria-label', 'Results');
        listbox.setAttribute('data-testid', 'palette-options');
        status = document.createElement('p');
        status.className = 'palette-status';
        status.setAttribute('role', 'status');
        status.setAttribute('aria-live', 'polite');
        const help = document.createElement('p');
        help.className = 'palette-help';
        help.textContent = '↑ ↓ to choose · Enter to go · Esc to close';
        dialog.append(label, input, listbox, status, help);
        document.body.append(dialog);

        input.addEventListener('input', () => { clearTimeout(timer); show(); timer = setTimeout(fetchResults, 120); });
        input.addEventListener('keydown', event => {
            if (event.key === 'ArrowDown') { event.preventDefault(); select(Math.min(options.length - 1, active + 1)); }
            else if (event.key === 'ArrowUp') { event.preventDefault(); select(Math.max(0, active - 1)); }
            else if (event.key === 'Home' && options.length) { event.preventDefault(); select(0); }
            else if (event.key === 'End' && options.length) { event.preventDefault(); select(options.length - 1); }
            else if (event.key === 'Enter') { event.preventDefault(); go(active); }
        });
        listbox.addEventListener('click', event => {
            const li = event.target instanceof Element ? event.target.closest('[role=option]') : null;
            if (li) go(Number(li.dataset.index));
        });
        dialog.addEventListener('click', event => { if (event.target === dialog) dialog.close(); });
    }

    let serverItems = [], serverActions = [], serverQuery = null, problem = null;

    function show() {
        const q = input.value.trim();
        const lower = q.toLowerCase();
        const fresh = serverQuery === q;
        const items = fresh ? serverItems.map(i => ({ kind: 'item', title: `${i.key} · ${i.title}`, hint: `${i.productKey} · ${i.status.replace('-', ' ')}`, url: i.url })) : [];
        const actions = fresh ? serverActions.map(a => ({ kind: 'action', title: a.title, hint: 'Action', url: a.url })) : [];
        const matchingPages = pages().filter(p => !lower || p.title.toLowerCase().includes(lower));
        const groups = looksLikeKey(q) ? [items, actions, matchingPages] : [matchingPages, actions, items];
        options = groups.flat().slice(0, 30);
        if (q) options.push({ kind: 'search', title: `Search everything for “${q}”`, hint: 'Search page', url: `/search?q=${encodeURIComponent(q)}${currentProduct() ? `&product=${encodeURIComponent(currentProduct())}` : ''}` });
        listbox.replaceChildren(...options.map((option, index) => {
            const li = document.createElement('li');
            li.id = `palette-option-${index}`;
            li.setAttribute('role', 'option');
            li.dataset.index = String(index);
            li.dataset.kind = option.kind;
            li.setAttribute('data-testid', 'palette-option');
            const title = document.createElement('span');
            title.className = 'palette-title';
            title.textContent = option.title;
            const hint = document.createElement('span');
            hint.className = 'palette-hint';
            hint.textContent = option.hint;
            li.append(title, hint);
            return li;
        }));
        status.textContent = problem ? problem
            : !q ? `${options.length} pages`
            : fresh ? `${options.length - 1} ${options.length - 1 === 1 ? 'result' : 'results'}`
            : 'Searching…';
        select(options.length ? 0 : -1);
    }

    function select(index) {
        active = index;
        for (const li of listbox.children) li.setAttribute('aria-selected', String(Number(li.dataset.index) === index));
        if (index < 0) { input.removeAttribute('aria-activedescendant'); return; }
        input.setAttribute('aria-activedescendant', `palette-option-${index}`);
        listbox.children[index]?.scrollIntoView({ block: 'nearest' });
    }

    function go(index) {
        const option = options[index];
        if (!option) return;
        dialog.close();
        window.location.assign(option.url);
    }

    async function fetchResults() {
        const q = input.value.trim();
        const mine = ++sequence;
        if (!q) { serverQuery = ''; serverItems = []; serverActions = []; problem = null; show(); return; }
        const params = new URLSearchParams({ q, limit: '8' });
        const product = currentProduct();
        if (product) params.set('product', product);
        try {
            const response = await fetch(`/api/v1/search?${params}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
            const data = await response.json().catch(() => null);
            if (mine !== sequence) return; // a later keystroke asked again
            if (!response.ok) {
                problem = (data && (data.errors?.q?.[0] || data.detail || data.title)) || `The search failed (HTTP ${response.status}).`;
                serverItems = []; serverActions = [];
            } else {
                problem = null;
                serverItems = data.items; serverActions = data.actions;
            }
            serverQuery = q;
            show();
        } catch {
            if (mine !== sequence) return;
            problem = 'The search could not reach the server.';
            serverQuery = q; serverItems = []; serverActions = [];
            show();
        }
    }

    function open() {
        if (!dialog) build();
        if (dialog.open) { input.select(); return; }
        document.querySelector('dialog[open]')?.close();
        input.value = '';
        serverQuery = ''; serverItems = []; serverActions = []; problem = null;
        dialog.showModal();
        show();
        input.focus();
    }

    document.addEventListener('keydown', event => {
        const chord = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
        const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target) && !document.querySelector('dialog[open]');
        if (!chord && !slash) return;
        event.preventDefault();
        open();
    });

    document.addEventListener('click', event => {
        const opener = event.target instanceof Element ? event.target.closest('[data-palette-open]') : null;
        if (!opener || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        open();
    });
})();
