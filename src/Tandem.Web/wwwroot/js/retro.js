// A retrospective's board, live. The page is complete without this script (every step is a form); with it
// the board joins the retrospective's SignalR group and, whenever anyone writes, groups, votes, agrees an
// action or the facilitator moves the phase, fetches the page again and swaps the board in place — keeping
// what this person is typing and which cards they ticked. The hub's messages carry no card text and no
// author, so nothing about an anonymous card travels beyond what the page itself shows.
(() => {
    'use strict';

    const stateElement = document.getElementById('retro-state');
    if (!stateElement || !window.signalR) return;
    const state = JSON.parse(stateElement.textContent);
    const liveState = document.querySelector('[data-testid=retro-live-state]');

    const setLive = (name, text) => {
        if (!liveState) return;
        liveState.dataset.state = name;
        liveState.textContent = text;
    };

    // What the person is in the middle of: typed text, ticked cards, the focused field.
    function remember(root) {
        const fields = [...root.querySelectorAll('textarea[id], input[id]:not([type=hidden]):not([type=checkbox])')]
            .filter(f => f.value).map(f => [f.id, f.value]);
        const ticked = [...root.querySelectorAll('input[type=checkbox]:checked')].map(c => `${c.name}=${c.value}`);
        const focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement.id : null;
        return { fields, ticked, focused };
    }

    function restore(root, kept) {
        for (const [id, value] of kept.fields) {
            const field = document.getElementById(id);
            if (field && root.contains(field)) field.value = value;
        }
        for (const box of root.querySelectorAll('input[type=checkbox]')) {
            if (kept.ticked.includes(`${box.name}=${box.value}`)) box.checked = true;
        }
        if (kept.focused) document.getElementById(kept.focused)?.focus();
    }

    let pending = null;
    let again = false;

    async function refresh() {
        if (pending) { again = true; return; }
        pending = (async () => {
            try {
                const response = await fetch(window.location.pathname, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
                if (!response.ok) return;
                const html = await response.text();
                const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('retro-live');
                const current = document.getElementById('retro-live');
                if (!fresh || !current) return;
                const kept = remember(current);
                current.replaceChildren(...[...fresh.childNodes].map(n => document.importNode(n, true)));
                for (const name of ['phase', 'version']) current.dataset[name] = fresh.dataset[name];
                restore(current, kept);
            } finally {
                pending = null;
                if (again) { again = false; refresh(); }
            }
        })();
    }

    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/retro', window.tandemHubOptions?.() ?? {})
        .withAutomaticReconnect()
        .configureLogging(signalR.LogLevel.Warning)
        .build();
    connection.on('changed', message => { if (message.retroId === state.id) refresh(); });

    async function join() {
        const refusal = await connection.invoke('Join', state.id);
        if (refusal) throw new Error(refusal);
        setLive('connected', 'live');
    }

    // After a reconnect the page may have missed changes: draw the board again.
    connection.onreconnecting(() => setLive('reconnecting', 'reconnecting…'));
    connection.onreconnected(async () => { await join(); refresh(); });
    connection.onclose(() => setLive('offline', 'offline — reload to see changes'));

    connection.start().then(join).then(() => window.tandemLiveWatch?.(connection, liveState, refresh)).catch(error => setLive('offline', `offline — ${error.message || 'reload to see changes'}`));
})();
