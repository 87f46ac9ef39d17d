// The sprint board, live. The page is complete without this script (each card's "Move…" opens a form);
// with it:
// - cards move by drag and drop, and by keyboard: focus a card, Alt+Left/Right moves it a column,
//   Alt+Up/Down moves it within its column;
// - the board joins the sprint's SignalR group and applies every move, block and unblock the others
//   make (the card goes to its place, column counts and WIP breaches update) without a reload;
//   a workflow change reloads the page, since the columns themselves changed.
(() => {
    'use strict';

    const stateElement = document.getElementById('board-state');
    const board = document.querySelector('[data-testid=board]');
    if (!stateElement || !board) return;
    const state = JSON.parse(stateElement.textContent);
    const liveState = document.querySelector('[data-testid=board-live]');
    const announcer = document.querySelector('[data-testid=board-announce]');
    const columnIds = state.columns.map(c => c.id);
    const columnNames = new Map(state.columns.map(c => [c.id, c.name]));

    const say = text => { if (announcer) announcer.textContent = text; };
    const cardElement = key => board.querySelector(`[data-testid=board-card][data-item="${CSS.escape(key)}"]`);
    const listOf = card => card.closest('.cards');
    const listIn = (lane, columnId) => lane.querySelector(`.cards[data-column-id="${columnId}"]`);
    const countText = (count, wip) => wip === null || wip === undefined ? String(count) : `${count} / ${wip}` + (count > wip ? ' — over the limit' : '');
    const daysText = days => days === 1 ? '1 day in column' : `${days} days in column`;

    // ------------------------------------------------------------------ applying a change

    function renderCounts(columns) {
        for (const c of columns || []) {
            const head = board.querySelector(`[data-testid=column-head][data-column-id="${c.id}"]`);
            if (!head) continue;
            head.classList.toggle('over', c.overLimit);
            head.querySelector('.count').textContent = countText(c.count, c.wipLimit);
        }
    }

    function renderCard(element, card) {
        element.dataset.version = String(card.version);
        element.classList.toggle('blocked', card.blocked);
        const blocked = element.querySelector('[data-testid=card-blocked]');
        blocked.hidden = !card.blocked;
        blocked.querySelector('.reason').textContent = card.blockedReason || '';
        element.querySelector('[data-testid=card-days]').textContent = daysText(card.daysInColumn);
    }

    // Puts the card into its column (in its own lane), before the next card of the column's order that is in that lane.
    function place(element, columnId, order) {
        const list = listIn(element.closest('.lane'), columnId);
        if (!list) return;
        let before = null;
        if (order) {
            const present = new Map([...list.children].map(li => [li.dataset.item, li]));
            for (let i = order.indexOf(element.dataset.item) + 1; i > 0 && i < order.length; i++) {
                const other = present.get(order[i]);
                if (other && other !== element) { before = other; break; }
            }
        }
        if (element.parentElement !== list || element.nextElementSibling !== before) {
            const focused = document.activeElement === element;
            list.insertBefore(element, before);
            if (focused) element.focus();
        }
    }

    function apply(change) {
        if (change.sprintId !== state.sprintId) return;
        if (change.change === 'workflow') { location.reload(); return; }
        const element = change.card && cardElement(change.card.item);
        if (element) {
            if (change.change === 'move') place(element, change.card.columnId, change.columnOrder);
            renderCard(element, change.card);
        }
        renderCounts(change.columns);
    }

    // ------------------------------------------------------------------ moving

    let queue = Promise.resolve();

    // One move at a time, so each carries the card's version from the answer before it.
    function send(key, columnId, neighbour) {
        queue = queue.then(() => post(key, columnId, neighbour)).catch(() => { });
        return queue;
    }

    async function post(key, columnId, neighbour) {
        const element = cardElement(key);
        if (!element) return;
        const body = { itemKey: key, columnId, beforeItemKey: neighbour.before || null, afterItemKey: neighbour.after || null };
        let response;
        try {
            response = await fetch(`/api/v1/sprints/${state.sprintId}/board/moves`, {
                method: 'POST',
                credentials: 'same-origin',
                headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'If-Match': `"${element.dataset.version}"` },
                body: JSON.stringify(body),
            });
        } catch {
            say(`${key} was not moved: the server could not be reached. Reload the board.`);
            return;
        }
        const text = await response.text();
        const data = text ? JSON.parse(text) : null;
        if (!response.ok) {
            say(`${key} was not moved: ${(data && (data.detail || data.title)) || response.status}`);
            // The server's board is the truth: read it again.
            setTimeout(() => location.reload(), 1500);
            return;
        }
        renderCard(element, data.card);
        renderCounts(data.columns);
        say(`Moved ${key} to ${columnNames.get(columnId)}` + (data.warning ? `. ${data.warning}` : '.'));
    }

    // Where the card now sits in its list: the card after it, else the card before it.
    const neighbourOf = element => {
        const next = element.nextElementSibling, previous = element.previousElementSibling;
        return next ? { before: next.dataset.item } : previous ? { after: previous.dataset.item } : {};
    };

    function keyboard(event) {
        const element = event.target.closest && event.target.closest('[data-testid=board-card]');
        if (!element || !event.altKey) return;
        const list = listOf(element);
        const column = columnIds.indexOf(list.dataset.columnId);
        const key = element.dataset.item;
        switch (event.key) {
            case 'ArrowLeft':
            case 'ArrowRight': {
                const to = column + (event.key === 'ArrowRight' ? 1 : -1);
                if (to < 0 || to >= columnIds.length) return;
                event.preventDefault();
                listIn(element.closest('.lane'), columnIds[to]).append(element);
                element.focus();
                send(key, columnIds[to], {});
                return;
            }
            case 'ArrowUp': {
                const previous = element.previousElementSibling;
                if (!previous) return;
                event.preventDefault();
                list.insertBefore(element, previous);
                element.focus();
                send(key, list.dataset.columnId, { before: previous.dataset.item });
                return;
            }
            case 'ArrowDown': {
                const next = element.nextElementSibling;
                if (!next) return;
                event.preventDefault();
                next.after(element);
                element.focus();
                send(key, list.dataset.columnId, { after: next.dataset.item });
                return;
            }
        }
    }

    let dragged = null, origin = null, dropped = false;

    function dragStart(event) {
        const element = event.target.closest && event.target.closest('[data-testid=board-card]');
        if (!element) return;
        dragged = element;
        origin = { parent: element.parentElement, next: element.nextElementSibling };
        dropped = false;
        event.dataTransfer.effectAllowed = 'move';
        event.dataTransfer.setData('text/plain', element.dataset.item);
        element.classList.add('dragging');
    }

    function dragOver(event) {
        const list = dragged && event.target.closest && event.target.closest('.cards');
        if (!list || list.closest('.lane') !== dragged.closest('.lane')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        const after = [...list.querySelectorAll('[data-testid=board-card]:not(.dragging)')]
            .find(card => { const box = card.getBoundingClientRect(); return event.clientY < box.top + box.height / 2; });
        if (after) { if (dragged.nextElementSibling !== after) list.insertBefore(dragged, after); }
        else if (list.lastElementChild !== dragged) list.append(dragged);
    }

    function drop(event) {
        if (!dragged) return;
        const list = event.target.closest && event.target.closest('.cards');
        if (!list) return;
        event.preventDefault();
        dropped = true;
        const element = dragged;
        if (origin && element.parentElement === origin.parent && element.nextElementSibling === origin.next) return;
        send(element.dataset.item, list.dataset.columnId, neighbourOf(element));
    }

    function dragEnd() {
        if (!dragged) return;
        dragged.classList.remove('dragging');
        if (!dropped && origin) origin.parent.insertBefore(dragged, origin.next);
        dragged = null;
        origin = null;
    }

    if (state.canMove) {
        board.addEventListener('keydown', keyboard);
        board.addEventListener('dragstart', dragStart);
        board.addEventListener('dragover', dragOver);
        board.addEventListener('drop', drop);
        board.addEventListener('dragend', dragEnd);
    }

    // ------------------------------------------------------------------ live channel

    // The SignalR client loads after the board is shown and usable, so it never holds up the first render.
    function live() {
        const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/board', window.tandemHubOptions?.() ?? {}).withAutomaticReconnect().build();
        connection.on('changed', apply);
        const join = async () => {
            const refusal = await connection.invoke('Join', state.sprintId);
            liveState.dataset.state = refusal ? 'refused' : 'connected';
            liveState.textContent = refusal ? refusal : 'live';
        };
        connection.onreconnecting(() => { liveState.dataset.state = 'reconnecting'; liveState.textContent = 'reconnecting…'; });
        // Changes may have been missed while away: read the board again.
        connection.onreconnected(() => location.reload());
        connection.onclose(() => { liveState.dataset.state = 'offline'; liveState.textContent = 'offline — reload to see changes'; });
        connection.start().then(join).then(() => window.tandemLiveWatch?.(connection, liveState, () => location.reload())).catch(() => { liveState.dataset.state = 'offline'; liveState.textContent = 'offline — reload to see changes'; });
    }

    if (window.signalR) { live(); return; }
    const client = document.createElement('script');
    client.src = stateElement.dataset.signalr;
    client.addEventListener('load', live);
    document.head.append(client);
})();
