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

    // One fetch at a time; a change announced meanwhile fetches once more after it. A board older than the
    // newest version announced (a read that raced the write it was told of) or a failed fetch is fetched
    // again after a short pause, a few times, so a screen never stays behind a change it was told of.
    let pending = null;
    let again = false;
    let wanted = Number(document.getElementById('retro-live')?.dataset.version) || 0;
    let retries = 0;
    const maxRetries = 6;

    function retryLater() {
        if (retries >= maxRetries) return;
        retries++;
        setTimeout(refresh, Math.min(250 * 2 ** retries, 4000));
    }

    async function refresh() {
        if (pending) { again = true; return; }
        pending = (async () => {
            let behind = false;
            try {
                const response = await fetch(window.location.pathname, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/html' } });
                if (!response.ok) { behind = true; return; }
                const html = await response.text();
                const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('retro-live');
                const current = document.getElementById('retro-live');
                if (!fresh || !current) return;
                const kept = remember(current);
                current.replaceChildren(...[...fresh.childNodes].map(n => document.importNode(n, true)));
                for (const name of ['phase', 'version']) current.dataset[name] = fresh.dataset[name];
                restore(current, kept);
                behind = Number(fresh.dataset.version) < wanted;
            } catch {
                behind = true;
            } finally {
                pending = null;
                if (again) { again = false; refresh(); }
                else if (behind) retryLater();
                else retries = 0;
            }
        })();
    }

    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/retro', window.tandemHubOptions?.() ?? {})
        .withAutomaticReconnect()
        .configureLogging(signalR.LogLevel.Warning)
        .build();
    connection.on('changed', message => {
        if (message.retroId !== state.id) return;
        wanted = Math.max(wanted, Number(message.version) || 0);
        retries = 0;
        refresh();
    });

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
