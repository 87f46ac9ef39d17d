// The planning-poker table, live. The page is complete without this script (every card and step is a
// form); with it the table joins the session's SignalR group and:
// - shows who is at the table (joins and leaves) and who has voted, as it happens;
// - shows the cards, the spread and the outliers the moment the facilitator reveals them;
// - reloads when the session moves on (re-vote, decision, next item, close), so the page is the server's;
// - sends a vote without leaving the page, and says why when the server refuses it.
(() => {
    'use strict';

    const stateElement = document.getElementById('poker-state');
    if (!stateElement || !window.signalR) return;
    const state = JSON.parse(stateElement.textContent);
    const liveState = document.querySelector('[data-testid=poker-live]');
    const voteForm = document.querySelector('[data-testid=vote-form]');
    const voteProblem = document.querySelector('[data-testid=vote-problem]');

    const el = (tag, className, text) => {
        const e = document.createElement(tag);
        if (className) e.className = className;
        if (text !== undefined && text !== null) e.textContent = text;
        return e;
    };

    // ------------------------------------------------------------------ rendering

    // The page's state in the shape the hub sends (PokerLiveDto); the API's full view converts to it.
    const toLive = view => ({
        sessionId: view.id, change: 'read', version: view.version, status: view.status,
        item: view.current ? view.current.item : null, round: view.current ? view.current.round : 0,
        revealed: !!(view.current && view.current.revealed), outcome: view.current ? view.current.outcome : 'pending',
        votes: view.current ? view.current.votes : [], spread: view.current ? view.current.spread : null,
    });
    let live = toLive(state.session);

    function shows(part, round) {
        if (!round.item) return false;
        const pending = round.outcome === 'pending';
        const consensus = !!(round.spread && round.spread.consensus);
        switch (part) {
            case 'decided': return !pending;
            case 'voting': return pending && !round.revealed;
            case 'revealed': return pending && round.revealed;
            case 'consensus': return pending && round.revealed && consensus;
            case 'split': return pending && round.revealed && !consensus;
            default: return false;
        }
    }

    function spreadText(spread) {
        if (!spread) return '';
        if (spread.consensus) return `Consensus: everyone chose ${spread.min ?? '?'}.`;
        if (spread.min === null) return 'Nobody could size it (all ?).';
        return `Spread from ${spread.min} to ${spread.max}` + (spread.outliers.length ? `; outliers: ${spread.outliers.join(', ')}.` : '.');
    }

    // Who has voted: the rows the server drew (everyone who may vote), plus anyone else who voted.
    function renderVoters(round) {
        const list = document.querySelector('[data-testid=poker-voters] .voters');
        if (!list) return;
        const voted = new Map(round.votes.map(v => [v.voter.id, v.voter.displayName]));
        const template = list.querySelector('li');
        for (const [id, name] of voted) {
            if (list.querySelector(`[data-person='${id}']`) || !template) continue;
            const li = template.cloneNode(true);
            li.dataset.person = id;
            li.dataset.name = name;
            li.querySelector('.name').textContent = name;
            list.append(li);
        }
        for (const li of list.querySelectorAll('[data-testid=poker-voter]')) {
            const has = voted.has(li.dataset.person);
            if (li.dataset.voted === String(has)) continue;
            li.dataset.voted = String(has);
            li.querySelector('.state').textContent = has ? 'voted' : 'waiting';
        }
    }

    function renderResults(round) {
        const results = document.querySelector('[data-testid=poker-results]');
        if (!results) return;
        const scope = [...results.attributes].find(a => a.name.startsWith('b-'))?.name;
        const scoped = e => { if (scope) e.setAttribute(scope, ''); return e; };
        results.querySelector('[data-testid=poker-spread]').textContent = spreadText(round.spread);
        const list = results.querySelector('[data-testid=poker-votes]');
        list.replaceChildren(...(round.revealed ? round.votes : []).map(v => {
            const li = scoped(el('li', v.outlier ? 'outlier' : ''));
            li.setAttribute('data-testid', 'poker-vote');
            li.dataset.voter = v.voter.displayName;
            li.dataset.value = v.value;
            li.dataset.outlier = v.outlier ? 'true' : 'false';
            li.append(scoped(el('span', 'poker-card shown', v.value)), ` ${v.voter.displayName}${v.outlier ? ' (outlier)' : ''}`);
            return li;
        }));
    }

    function applyVisibility(round) {
        for (const part of document.querySelectorAll('[data-show]')) {
            const show = part.dataset.show === 'revealed' && part.dataset.testid === 'poker-results'
                ? shows('revealed', round) || shows('decided', round)
                : shows(part.dataset.show, round);
            part.hidden = !show;
        }
        const current = document.querySelector('[data-testid=poker-current]');
        if (current) current.dataset.revealed = round.revealed ? 'true' : 'false';
        for (const input of document.querySelectorAll('input[name=Version]')) input.value = round.version;
    }

    function renderPresence(people) {
        const list = document.querySelector('[data-testid=poker-presence]');
        if (!list) return;
        const scope = [...list.attributes].find(a => a.name.startsWith('b-'))?.name;
        list.replaceChildren(...people.map(p => {
            const li = el('li', null, p.displayName);
            if (scope) li.setAttribute(scope, '');
            li.dataset.person = p.id;
            li.setAttribute('data-testid', 'poker-present');
            return li;
        }));
    }

    // A change the page cannot show in place (another item, another round, a decision, the end) reloads it.
    const needsReload = next => next.status !== live.status || next.item !== live.item || next.round !== live.round
        || next.outcome !== live.outcome || (live.revealed && !next.revealed);

    // A facilitator's step posts its form and the server answers with the next page; the broadcast of
    // that same step must not reload this page under it (the answer carries the confirmation).
    let leaving = false;
    document.addEventListener('submit', event => { if (event.target !== voteForm && !event.defaultPrevented) leaving = true; });

    function apply(next) {
        if (next.sessionId !== state.id || leaving) return;
        // Messages can pass a slower answer of the API: never go back to an older state.
        if (next.version < live.version || (next.version === live.version && next.votes.length < live.votes.length && !next.revealed && next.round === live.round)) return;
        if (needsReload(next)) {
            leaving = true;
            window.location.replace(window.location.pathname);
            return;
        }
        live = next;
        renderVoters(next);
        if (next.revealed) renderResults(next);
        applyVisibility(next);
    }

    // ------------------------------------------------------------------ voting without leaving the page

    if (voteForm) {
        voteForm.addEventListener('submit', async event => {
            const card = event.submitter;
            if (!card || !card.value) return;
            event.preventDefault();
            voteProblem.hidden = true;
            try {
                const response = await fetch(`/api/v1/poker/${state.id}/vote`, {
                    method: 'PUT',
                    credentials: 'same-origin',
                    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
                    body: JSON.stringify({ points: card.value }),
                });
                const data = await response.json().catch(() => null);
                if (!response.ok) {
                    voteProblem.textContent = (data && (data.detail || data.title)) || `Not counted (HTTP ${response.status}).`;
                    voteProblem.hidden = false;
                    return;
                }
                for (const c of voteForm.querySelectorAll('[data-testid=poker-card]')) c.setAttribute('aria-pressed', c.value === data.myVote ? 'true' : 'false');
                voteForm.querySelector('[data-testid=my-vote]').textContent = `Your card: ${data.myVote}`;
                apply(toLive(data));
            } catch {
                voteProblem.textContent = 'Not counted: the server could not be reached. Try again.';
                voteProblem.hidden = false;
            }
        });
    }

    // ------------------------------------------------------------------ the live channel

    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/poker', window.tandemHubOptions?.() ?? {})
        .withAutomaticReconnect()
        .configureLogging(signalR.LogLevel.Warning)
        .build();
    connection.on('changed', message => apply(message));
    connection.on('presence', message => { if (message.sessionId === state.id) renderPresence(message.people); });

    async function join() {
        const refusal = await connection.invoke('Join', state.id);
        if (refusal) throw new Error(refusal);
        liveState.dataset.state = 'connected';
        liveState.textContent = 'live';
    }

    // After a reconnect the page may have missed changes: read the session again.
    connection.onreconnecting(() => { liveState.dataset.state = 'reconnecting'; liveState.textContent = 'reconnecting…'; });
    async function reread() {
        const response = await fetch(`/api/v1/poker/${state.id}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (response.ok) apply(toLive(await response.json()));
    }
    connection.onreconnected(async () => {
        await join();
        await reread();
    });
    connection.onclose(() => { liveState.dataset.state = 'offline'; liveState.textContent = 'offline — reload to see changes'; });

    connection.start().then(join).then(() => window.tandemLiveWatch?.(connection, liveState, reread)).catch(error => {
        liveState.dataset.state = 'offline';
        liveState.textContent = `offline — ${error.message || 'reload to see changes'}`;
    });
})();
