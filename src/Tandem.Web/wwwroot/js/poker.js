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
    let session = state.session;
    const live = document.querySelector('[data-testid=poker-live]');
    const voteForm = document.querySelector('[data-testid=vote-form]');
    const voteProblem = document.querySelector('[data-testid=vote-problem]');

    const el = (tag, className, text) => {
        const e = document.createElement(tag);
        if (className) e.className = className;
        if (text !== undefined && text !== null) e.textContent = text;
        return e;
    };

    // ------------------------------------------------------------------ rendering

    function shows(part, round) {
        if (!round) return false;
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

    function renderVoters(round) {
        const list = document.querySelector('[data-testid=poker-voters] .voters');
        if (!list) return;
        // Reuse the server's elements (and their scoped-style attribute) so the list looks the same.
        const template = list.querySelector('li');
        const items = round.voters.map(v => {
            const li = template ? template.cloneNode(true) : el('li');
            li.dataset.person = v.person.id;
            li.dataset.name = v.person.displayName;
            li.dataset.voted = v.voted ? 'true' : 'false';
            li.setAttribute('data-testid', 'poker-voter');
            const name = li.querySelector('.name') || li.appendChild(el('span', 'name'));
            const status = li.querySelector('.state') || li.appendChild(el('span', 'state'));
            name.textContent = v.person.displayName;
            status.textContent = v.voted ? 'voted' : 'waiting';
            return li;
        });
        list.replaceChildren(...items);
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
        for (const input of document.querySelectorAll('input[name=Version]')) input.value = session.version;
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
    function needsReload(next) {
        const a = session.current, b = next.current;
        if (next.status !== session.status) return true;
        if (!a || !b) return a !== b;
        return a.item !== b.item || a.round !== b.round || a.outcome !== b.outcome || (a.revealed && !b.revealed);
    }

    // A facilitator's step posts its form and the server answers with the next page; the broadcast of
    // that same step must not reload this page under it (the answer carries the confirmation).
    let leaving = false;
    document.addEventListener('submit', event => { if (event.target !== voteForm && !event.defaultPrevented) leaving = true; });

    function apply(next) {
        if (next.id !== state.id || leaving) return;
        if (needsReload(next)) {
            window.location.replace(window.location.pathname);
            return;
        }
        session = next;
        renderVoters(next.current);
        renderResults(next.current);
        applyVisibility(next.current);
        // A mark the browser benchmark reads: when this screen showed the change.
        performance.mark(`poker:${next.current.revealed ? 'revealed' : 'voted'}:${next.version}:${next.current.votes.length}`);
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
                apply(data);
            } catch {
                voteProblem.textContent = 'Not counted: the server could not be reached. Try again.';
                voteProblem.hidden = false;
            }
        });
    }

    // ------------------------------------------------------------------ the live channel

    const connection = new signalR.HubConnectionBuilder()
        .withUrl('/hubs/poker')
        .withAutomaticReconnect()
        .configureLogging(signalR.LogLevel.Warning)
        .build();
    connection.on('changed', message => apply(message.session));
    connection.on('presence', message => { if (message.sessionId === state.id) renderPresence(message.people); });

    async function join() {
        const refusal = await connection.invoke('Join', state.id);
        if (refusal) throw new Error(refusal);
        live.dataset.state = 'connected';
        live.textContent = 'live';
    }

    // After a reconnect the page may have missed changes: read the session again.
    connection.onreconnecting(() => { live.dataset.state = 'reconnecting'; live.textContent = 'reconnecting…'; });
    connection.onreconnected(async () => {
        await join();
        const response = await fetch(`/api/v1/poker/${state.id}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (response.ok) apply(await response.json());
    });
    connection.onclose(() => { live.dataset.state = 'offline'; live.textContent = 'offline — reload to see changes'; });

    connection.start().then(join).catch(error => {
        live.dataset.state = 'offline';
        live.textContent = `offline — ${error.message || 'reload to see changes'}`;
    });
})();
