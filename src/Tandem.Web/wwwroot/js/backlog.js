// The backlog page: a ranked list that stays fast at 100,000 items.
// - Only the rows on screen (plus a margin) are in the DOM; the list's height stands in for the rest.
// - Further pages come from the API by cursor as the reader scrolls.
// - The Product Owner reorders by drag and drop or by keyboard (Alt+↑/↓, Alt+Home/End); the new
//   order shows at once and the server's answer confirms it or puts the old order back.
//   Everyone else may try: the server refuses and the page shows who decides.
// - Bulk actions on selected rows; an item opens in a side panel without leaving the list.
(() => {
    'use strict';

    const viewport = document.querySelector('.backlog-viewport');
    const stateElement = document.getElementById('backlog-state');
    if (!viewport || !stateElement) return;

    const state = JSON.parse(stateElement.textContent);
    const list = viewport.querySelector('.backlog-rows');
    const statusLine = document.querySelector('[data-testid=backlog-status]');
    const bulkBar = document.querySelector('[data-testid=bulk-bar]');
    const panel = document.querySelector('[data-testid=side-panel]');
    const panelBody = panel.querySelector('[data-panel-body]');
    const panelFull = panel.querySelector('[data-panel-full]');
    const product = state.product;
    const canReorder = state.canReorder;

    // px; the row height the stylesheet sets (--row-height on the list: compact on a desktop, ADR 29), read again on resize.
    const rowHeight = () => parseFloat(getComputedStyle(viewport).getPropertyValue('--row-height')) || 40;
    let ROW_HEIGHT = rowHeight();
    const OVERSCAN = 12;        // rows rendered above and below the visible ones
    const PAGE_SIZE = 200;      // rows fetched per API call while scrolling
    const PREFETCH = 40;        // fetch the next page when this close to the end of what is loaded (28 px rows put ~45 in the page: no fetch on load)

    let items = state.items.slice();
    let nextCursor = state.nextCursor;
    let loading = null;
    let openKey = null;
    const selected = new Set();
    const elements = new Map();  // key → <li>, for rows currently in the DOM

    // ------------------------------------------------------------------ rendering

    const typeTitle = t => t === 'tech-debt' ? 'Tech debt' : t.charAt(0).toUpperCase() + t.slice(1);
    const statusTitle = s => s === 'in-progress' ? 'In progress' : s.charAt(0).toUpperCase() + s.slice(1);
    const number = (v, digits) => v === null || v === undefined ? '' : Number(v).toFixed(digits).replace(/\.0$/, '');

    function el(tag, className, text) {
        const e = document.createElement(tag);
        if (className) e.className = className;
        if (text !== undefined && text !== null) e.textContent = text;
        return e;
    }

    function buildRow(item) {
        const li = el('li', 'backlog-row');
        li.dataset.key = item.key;
        li.dataset.testid = 'backlog-row';
        li.setAttribute('data-testid', 'backlog-row');
        li.tabIndex = 0;
        li.draggable = canReorder;
        // keys.js: j/k move between rows, e opens the item's edit form.
        li.setAttribute('data-keys-row', '');
        li.dataset.href = `/p/${product}/items/${item.key}`;
        li.dataset.editHref = `/p/${product}/items/${item.key}#edit`;
        fillRow(li, item);
        return li;
    }

    function fillRow(li, item) {
        li.replaceChildren();
        li.dataset.version = item.version;
        li.appendChild(el('span', 'grip', canReorder ? '⋮⋮' : '')).setAttribute('aria-hidden', 'true');
        const box = el('input', 'select');
        box.type = 'checkbox';
        box.checked = selected.has(item.key);
        box.setAttribute('aria-label', `Select ${item.key}`);
        li.appendChild(box);
        li.appendChild(el('span', 'key', item.key));
        const title = el('span', 'title');
        title.appendChild(el('span', `type type-${item.type}`, typeTitle(item.type)));
        const link = el('a', null, item.title);
        link.href = `/p/${product}/items/${item.key}`;
        link.dataset.open = item.key;
        title.appendChild(link);
        for (const label of item.labels) title.appendChild(el('span', 'label', label));
        li.appendChild(title);
        li.appendChild(el('span', `status status-${item.status}`, statusTitle(item.status)));
        const epic = li.appendChild(el('span', 'epic', item.epicTitle || item.epic));
        if (item.epic) epic.title = item.epic;
        li.appendChild(el('span', 'assignee', item.assignee ? item.assignee.displayName : ''));
        li.appendChild(el('span', 'num', number(item.estimate, 1)));
        li.appendChild(el('span', 'num', number(item.businessValue, 0)));
        li.appendChild(el('span', 'num', number(item.wsjf, 1)));
        const actions = el('span', 'row-actions');
        const top = el('button', 'link', 'Top');
        top.type = 'button';
        top.dataset.move = 'top';
        top.setAttribute('aria-label', `Move ${item.key} to the top`);
        const bottom = el('button', 'link', 'Bottom');
        bottom.type = 'button';
        bottom.dataset.move = 'bottom';
        bottom.setAttribute('aria-label', `Move ${item.key} to the bottom`);
        actions.append(top, bottom);
        li.appendChild(actions);
        li.classList.toggle('selected', selected.has(item.key));
        li.classList.toggle('open', openKey === item.key);
    }

    let frame = 0;
    function scheduleRender() {
        if (frame) return;
        frame = requestAnimationFrame(() => { frame = 0; render(); });
    }

    /** Puts the rows on screen (and a margin) into the list, in rank order, and nothing else. */
    function render() {
        const listTop = list.offsetTop;
        const first = Math.max(0, Math.floor((viewport.scrollTop - listTop) / ROW_HEIGHT) - OVERSCAN);
        const visible = Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
        const last = Math.min(items.length, first + visible);

        list.style.height = `${items.length * ROW_HEIGHT}px`;
        viewport.dataset.loaded = String(items.length);
        viewport.dataset.complete = nextCursor ? 'false' : 'true';
        list.style.paddingTop = `${first * ROW_HEIGHT}px`;

        const focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest('.backlog-row') : null;
        const wanted = new Set();
        for (let i = first; i < last; i++) wanted.add(items[i].key);
        for (const [key, li] of elements) {
            if (!wanted.has(key)) { li.remove(); elements.delete(key); }
        }
        for (let i = first, slot = 0; i < last; i++, slot++) {
            const item = items[i];
            let li = elements.get(item.key);
            if (!li) { li = buildRow(item); elements.set(item.key, li); }
            li.setAttribute('aria-posinset', String(i + 1));
            li.setAttribute('aria-setsize', nextCursor ? '-1' : String(items.length)); // -1: more than is loaded
            li.dataset.position = String(i + 1);
            if (list.children[slot] !== li) list.insertBefore(li, list.children[slot] || null);
        }
        // Moving a focused row in the DOM blurs it; give focus back so keyboard moves can continue.
        if (focused && focused.isConnected && document.activeElement !== focused) focused.focus({ preventScroll: true });

        if (last > items.length - PREFETCH && nextCursor && !loading) loadMore();
        const empty = viewport.querySelector('[data-testid=backlog-empty]');
        if (empty) empty.hidden = items.length > 0;
    }

    // ------------------------------------------------------------------ API

    async function api(method, url, body) {
        const response = await fetch(url, {
            method,
            credentials: 'same-origin',
            headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        const data = text ? JSON.parse(text) : null;
        if (!response.ok) throw Object.assign(new Error((data && (data.detail || data.title)) || `HTTP ${response.status}`), { problem: data, status: response.status });
        return data;
    }

    function backlogUrl(cursor, limit) {
        const params = new URLSearchParams();
        params.set('limit', String(limit));
        for (const [name, value] of Object.entries(state.filters)) if (value) params.set(name, value);
        if (cursor) params.set('cursor', cursor);
        return `/api/v1/products/${product}/backlog?${params}`;
    }

    function loadMore() {
        const cursor = nextCursor;
        loading = api('GET', backlogUrl(cursor, PAGE_SIZE)).then(page => {
            if (cursor !== nextCursor) return; // the list was reloaded meanwhile
            const known = new Set(items.map(i => i.key));
            items = items.concat(page.items.filter(i => !known.has(i.key)));
            nextCursor = page.nextCursor;
            scheduleRender();
        }).catch(error => showProblem(error)).finally(() => { loading = null; });
    }

    async function reload() {
        const page = await api('GET', backlogUrl(null, 100));
        items = page.items;
        nextCursor = page.nextCursor;
        for (const li of elements.values()) li.remove();
        elements.clear();
        render();
    }

    // ------------------------------------------------------------------ messages

    function say(text) {
        statusLine.classList.remove('problem');
        statusLine.replaceChildren(document.createTextNode(text));
    }

    function showProblem(error, suggestKey) {
        const problem = error.problem;
        statusLine.classList.add('problem');
        statusLine.setAttribute('data-testid', 'backlog-status');
        const box = el('div', null);
        box.setAttribute('role', 'alert');
        box.setAttribute('data-testid', 'move-problem');
        box.appendChild(el('strong', null, problem && problem.title ? problem.title : 'That did not work'));
        box.appendChild(el('p', null, error.message));
        if (problem && problem.errors) {
            const ul = el('ul');
            for (const [field, messages] of Object.entries(problem.errors)) for (const m of messages) ul.appendChild(el('li', null, `${field}: ${m}`));
            box.appendChild(ul);
        }
        if (suggestKey && state.canSuggest && error.status === 403) {
            const a = el('a', null, `Suggest a new rank for ${suggestKey} to the Product Owner`);
            a.href = `/p/${product}/items/${suggestKey}?suggest=rank#suggest`;
            box.appendChild(a);
        }
        statusLine.replaceChildren(box);
    }

    // ------------------------------------------------------------------ moves

    /** Where a move puts the item in the loaded list; -1 when it leaves the loaded part (bottom of a long list). */
    function targetIndex(without, spec) {
        if (spec.position === 'top') return 0;
        if (spec.position === 'bottom') return nextCursor ? -1 : without.length;
        const anchor = spec.before || spec.after;
        const at = without.findIndex(i => i.key === anchor);
        if (at < 0) return -1;
        return spec.before ? at : at + 1;
    }

    async function move(key, spec) {
        const from = items.findIndex(i => i.key === key);
        if (from < 0) return;
        const before = items;
        const started = performance.now();
        if (canReorder) {
            // Show the new order now; the server's answer confirms it or puts the old order back.
            const moving = items[from];
            const without = items.slice(0, from).concat(items.slice(from + 1));
            const to = targetIndex(without, spec);
            items = to < 0 ? without : without.slice(0, to).concat([moving], without.slice(to));
            render();
            performance.measure('backlog:move', { start: started, end: performance.now() });
            if (to >= 0) keepInView(key);
        }
        try {
            const item = await api('POST', `/api/v1/items/${key}/move`, spec);
            const row = items.find(i => i.key === key);
            if (row) { row.rank = item.rank; row.version = item.version; }
            if (!canReorder) await reload();
            say(describeMove(key, spec));
        } catch (error) {
            items = before;
            render();
            showProblem(error, key);
        }
    }

    function describeMove(key, spec) {
        if (spec.position === 'top') return `${key} moved to the top.`;
        if (spec.position === 'bottom') return `${key} moved to the bottom.`;
        return spec.before ? `${key} moved above ${spec.before}.` : `${key} moved below ${spec.after}.`;
    }

    function keepInView(key) {
        const index = items.findIndex(i => i.key === key);
        if (index < 0) return;
        const top = list.offsetTop + index * ROW_HEIGHT;
        if (top < viewport.scrollTop + ROW_HEIGHT) viewport.scrollTop = Math.max(0, top - ROW_HEIGHT);
        else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + 2 * ROW_HEIGHT - viewport.clientHeight;
        render();
        const li = elements.get(key);
        if (li && document.activeElement !== li && list.contains(document.activeElement)) li.focus({ preventScroll: true });
    }

    function focusRow(index) {
        if (index < 0 || index >= items.length) return;
        const key = items[index].key;
        keepInView(key);
        const li = elements.get(key);
        if (li) li.focus({ preventScroll: true });
    }

    list.addEventListener('keydown', event => {
        const li = event.target.closest('.backlog-row');
        if (!li || event.target !== li) return;
        const key = li.dataset.key;
        const index = items.findIndex(i => i.key === key);
        if (event.altKey) {
            let spec = null;
            if (event.key === 'ArrowUp' && index > 0) spec = { before: items[index - 1].key };
            else if (event.key === 'ArrowDown' && index < items.length - 1) spec = { after: items[index + 1].key };
            else if (event.key === 'Home') spec = { position: 'top' };
            else if (event.key === 'End') spec = { position: 'bottom' };
            if (spec) { event.preventDefault(); li.focus(); move(key, spec); }
            return;
        }
        if (event.key === 'ArrowUp') { event.preventDefault(); focusRow(index - 1); }
        else if (event.key === 'ArrowDown') { event.preventDefault(); focusRow(index + 1); }
        else if (event.key === 'Enter') { event.preventDefault(); openPanel(key); }
        else if (event.key === ' ') { event.preventDefault(); toggle(key); }
    });

    list.addEventListener('click', event => {
        const button = event.target.closest('button[data-move]');
        if (button) {
            const key = button.closest('.backlog-row').dataset.key;
            move(key, { position: button.dataset.move });
            return;
        }
        const link = event.target.closest('a[data-open]');
        if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
            event.preventDefault();
            openPanel(link.dataset.open);
        }
    });

    // Drag and drop (Product Owner only: other rows are not draggable).
    let dragKey = null;
    let dropMark = null;
    const clearMark = () => { if (dropMark) dropMark.classList.remove('drop-before', 'drop-after'); dropMark = null; };

    list.addEventListener('dragstart', event => {
        const li = event.target.closest && event.target.closest('.backlog-row');
        if (!li || !canReorder) return;
        dragKey = li.dataset.key;
        li.classList.add('dragging');
        event.dataTransfer.effectAllowed = 'move';
        event.dataTransfer.setData('text/plain', dragKey);
    });
    list.addEventListener('dragover', event => {
        if (!dragKey) return;
        const li = event.target.closest('.backlog-row');
        if (!li || li.dataset.key === dragKey) { clearMark(); return; }
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        const rect = li.getBoundingClientRect();
        const above = event.clientY < rect.top + rect.height / 2;
        if (dropMark !== li) clearMark();
        dropMark = li;
        li.classList.toggle('drop-before', above);
        li.classList.toggle('drop-after', !above);
    });
    list.addEventListener('dragleave', event => { if (event.target === list) clearMark(); });
    list.addEventListener('drop', event => {
        if (!dragKey) return;
        event.preventDefault();
        const li = event.target.closest('.backlog-row');
        const key = dragKey;
        const above = li && li.classList.contains('drop-before');
        clearMark();
        if (!li || li.dataset.key === key) return;
        move(key, above ? { before: li.dataset.key } : { after: li.dataset.key });
    });
    list.addEventListener('dragend', () => {
        clearMark();
        const li = dragKey && elements.get(dragKey);
        if (li) li.classList.remove('dragging');
        dragKey = null;
    });

    // ------------------------------------------------------------------ selection and bulk actions

    function toggle(key, on) {
        const value = on === undefined ? !selected.has(key) : on;
        if (value) selected.add(key); else selected.delete(key);
        const li = elements.get(key);
        if (li) {
            li.classList.toggle('selected', value);
            li.querySelector('input.select').checked = value;
        }
        updateBulkBar();
    }

    function updateBulkBar() {
        bulkBar.hidden = selected.size === 0;
        bulkBar.querySelector('[data-bulk-count]').textContent = String(selected.size);
    }

    list.addEventListener('change', event => {
        if (!event.target.matches('input.select')) return;
        toggle(event.target.closest('.backlog-row').dataset.key, event.target.checked);
    });

    bulkBar.addEventListener('click', async event => {
        const button = event.target.closest('button[data-bulk]');
        if (!button) return;
        const action = button.dataset.bulk;
        if (action === 'clear') {
            for (const key of [...selected]) toggle(key, false);
            return;
        }
        const keys = [...selected];
        const body = { action, keys };
        if (action === 'set-epic') body.epic = bulkBar.querySelector('[data-bulk-epic]').value || null;
        if (action === 'add-label') body.label = bulkBar.querySelector('[data-bulk-label]').value;
        try {
            const result = await api('POST', `/api/v1/products/${product}/backlog/bulk`, body);
            for (const key of keys) selected.delete(key);
            updateBulkBar();
            if (action === 'move-to-top') viewport.scrollTop = 0;
            await reload();
            const done = { 'move-to-top': 'moved to the top', 'set-epic': body.epic ? `put under ${body.epic}` : 'taken out of their epic', 'add-label': `labelled “${body.label}”` }[action];
            say(`${result.items.length} ${result.items.length === 1 ? 'item' : 'items'} ${done}.`);
        } catch (error) {
            showProblem(error);
        }
    });

    // ------------------------------------------------------------------ side panel

    function setAddress(key) {
        const url = new URL(window.location.href);
        if (key) url.searchParams.set('item', key); else url.searchParams.delete('item');
        history.replaceState(null, '', url);
    }

    async function openPanel(key) {
        if (openKey) { const previous = elements.get(openKey); if (previous) previous.classList.remove('open'); }
        openKey = key;
        const li = elements.get(key);
        if (li) li.classList.add('open');
        panel.hidden = false;
        panelFull.href = `/p/${product}/items/${key}`;
        panelBody.replaceChildren(el('p', 'muted', `Loading ${key}…`));
        setAddress(key);
        try {
            const response = await fetch(`/p/${product}/items/${key}`, { credentials: 'same-origin' });
            if (key === openKey) showPanelHtml(await response.text(), key);
        } catch {
            if (key === openKey) panelBody.replaceChildren(el('p', 'problem', `${key} could not be loaded; check your connection and try again.`));
        }
    }

    function showPanelHtml(html, key) {
        const doc = new DOMParser().parseFromString(html, 'text/html');
        const article = doc.querySelector('article.item-editor');
        if (article) {
            panelBody.replaceChildren(document.importNode(article, true));
        } else {
            const problem = doc.querySelector('[data-testid=problem], [data-testid=not-found], main');
            panelBody.replaceChildren(el('p', 'problem', problem ? problem.textContent.trim() : `${key} could not be shown.`));
        }
        const heading = panelBody.querySelector('h1, h2');
        if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
    }

    function closePanel() {
        panel.hidden = true;
        panelBody.replaceChildren();
        const li = openKey && elements.get(openKey);
        if (li) { li.classList.remove('open'); li.focus(); }
        openKey = null;
        setAddress(null);
    }

    panel.querySelector('[data-panel-close]').addEventListener('click', closePanel);
    document.addEventListener('keydown', event => { if (event.key === 'Escape' && !panel.hidden) closePanel(); });

    // Forms in the panel post to the item page as they would without script; the answer replaces the panel.
    panelBody.addEventListener('submit', async event => {
        const form = event.target;
        if ((form.getAttribute('method') || 'get').toLowerCase() !== 'post') return;
        event.preventDefault();
        const key = openKey;
        const data = new FormData(form, event.submitter || undefined);
        for (const control of form.querySelectorAll('button, input[type=submit]')) control.disabled = true;
        try {
            const response = await fetch(form.action, { method: 'POST', body: data, credentials: 'same-origin' });
            if (key !== openKey) return;
            showPanelHtml(await response.text(), key);
            await refreshRow(key);
        } catch {
            for (const control of form.querySelectorAll('button, input[type=submit]')) control.disabled = false;
            form.prepend(el('p', 'problem', 'Not saved: the server could not be reached. Your input is still here; try again.'));
        }
    });

    // Links to other items open in the panel too.
    panelBody.addEventListener('click', event => {
        const link = event.target.closest('a[href]');
        if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
        const match = new URL(link.href, window.location.href).pathname.match(new RegExp(`^/p/${product}/items/(${product}-\\d+)$`, 'i'));
        if (match) { event.preventDefault(); openPanel(match[1].toUpperCase()); }
    });

    async function refreshRow(key) {
        const index = items.findIndex(i => i.key === key);
        if (index < 0) return;
        try {
            const d = await api('GET', `/api/v1/items/${key}`);
            const before = items[index];
            items[index] = {
                epicTitle: d.epic && d.epic === before.epic ? before.epicTitle : null,
                key: d.key, type: d.type, title: d.title, status: d.status, rank: d.rank, epic: d.epic, assignee: d.assignee,
                estimate: d.estimate, businessValue: d.businessValue, moscow: d.prioritisation.moscow, wsjf: d.prioritisation.wsjf,
                rice: d.prioritisation.rice, labels: d.labels, version: d.version, updatedAt: d.updatedAt,
            };
            const li = elements.get(key);
            if (li) fillRow(li, items[index]);
        } catch (error) {
            // The item may be gone or out of reach now; the panel already shows why.
        }
    }

    // ------------------------------------------------------------------ start

    const more = viewport.querySelector('[data-testid=backlog-more]');
    if (more) more.hidden = true;
    for (const li of [...list.children]) li.remove();
    viewport.addEventListener('scroll', scheduleRender, { passive: true });
    window.addEventListener('resize', () => { ROW_HEIGHT = rowHeight(); scheduleRender(); });
    render();
    viewport.classList.add('live');
    performance.mark('backlog:ready');
    const start = new URL(window.location.href).searchParams.get('item');
    if (start) openPanel(start.toUpperCase());
})();
